//! PDF backend: layout engine (display list per page) and the printpdf writer. (issue #4)
