//! Curly quotes, as Word's AutoFormat makes them ("..." -> “...”,
//! '...' -> ‘...’, it's -> it’s), on narrative and template text. Data
//! strings are escaped before parsing ([`super::escape`]: their quotes are
//! stand-ins then), so their quotes stay straight: names print exactly.

use crate::document::Inline;

/// Whether a quote after `prev` opens: at the start, after a space, an
/// opening bracket, a dash or another opening quote.
fn opens(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace() || matches!(c, '(' | '[' | '{' | '–' | '—' | '-' | '/' | '“' | '‘')
        }
    }
}

/// Straight quotes of one run list to curly ones; the quote's side is
/// decided by the character before it, across runs (a footnote mark counts
/// as a letter, a line break as a space).
pub fn curl_runs(runs: &mut [Inline]) {
    let mut prev: Option<char> = None;
    for r in runs {
        match r {
            Inline::Text { text, .. } => {
                if text.contains(['"', '\'']) {
                    let mut out = String::with_capacity(text.len() + 4);
                    for c in text.chars() {
                        let q = match c {
                            '"' if opens(prev) => '“',
                            '"' => '”',
                            '\'' if opens(prev) => '‘',
                            '\'' => '’',
                            c => c,
                        };
                        out.push(q);
                        prev = Some(q);
                    }
                    *text = out;
                } else if let Some(c) = text.chars().last() {
                    prev = Some(c);
                }
            }
            Inline::FootnoteRef(_) => prev = Some('1'),
            Inline::LineBreak => prev = Some(' '),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::TextStyle;

    fn curl(parts: &[&str]) -> String {
        let mut runs: Vec<Inline> = parts
            .iter()
            .map(|t| Inline::Text {
                text: t.to_string(),
                style: TextStyle::default(),
            })
            .collect();
        curl_runs(&mut runs);
        runs.iter().map(|r| r.text().to_string()).collect()
    }

    #[test]
    fn quotes_open_and_close_as_word_does() {
        assert_eq!(
            curl(&["Khẩu hiệu \"Đoàn kết\" và 'một lòng', it's (\"x\")"]),
            "Khẩu hiệu “Đoàn kết” và ‘một lòng’, it’s (“x”)"
        );
        // Across runs: the closing quote follows a bold run.
        assert_eq!(curl(&["\"", "Đoàn kết", "\" nhé"]), "“Đoàn kết” nhé");
        assert_eq!(curl(&["\"a\""]), "“a”");
    }
}
