//! DOCX backend: docx-rs writer plus the package rewrite (footnotes, fonts, core props). (issue #5)
