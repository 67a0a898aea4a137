//! Data is text, never markup: the escaping applied to every value a
//! template prints (Tera's autoescape, with this module's escape function).
//!
//! A data string may hold any character the markup reads as syntax: `*`,
//! `_`, `<b>`, `[^9]`, `#`, `\`, `|`, a leading `1.` or `-`, and also the
//! report extensions recognised after parsing (`{.center}`, `{.total}`,
//! `Table:`, `\newpage`). Backslash escapes cover CommonMark but not those
//! extensions, so every ASCII punctuation character of a printed value is
//! written as a stand-in from the Supplementary Private Use Area
//! (U+F0000 + its code), which no markup rule reads, and [`restore`] turns
//! the stand-ins back into the characters in the parsed document. Newlines
//! and tabs in a value become spaces (a name is one line; a newline would
//! end a table row or paragraph), and its leading spaces are stand-ins too
//! (four of them at the start of a line would make a code block).
//!
//! Narrative fields (`noi_dung`, `ghi_chu`: Markdown by design) are put in
//! the context as safe strings and printed as written; so is the output of
//! `safe`, `yaml`, `md_escape` (already escaped) and template text.

use std::io::Write;

/// The first stand-in: U+F0000 + an ASCII code.
const BASE: u32 = 0xF0000;
/// Stand-in for U+FFFC (the markup parser's image marker).
const OBJECT: u32 = BASE + 0x80;

fn stand_in(c: char) -> Option<char> {
    if c.is_ascii_punctuation() || c == ' ' {
        char::from_u32(BASE + c as u32)
    } else if c == '\u{fffc}' {
        char::from_u32(OBJECT)
    } else {
        None
    }
}

fn original(c: char) -> Option<char> {
    let u = c as u32;
    if u == OBJECT {
        Some('\u{fffc}')
    } else if (BASE..BASE + 0x80).contains(&u) {
        char::from_u32(u - BASE).filter(|c| c.is_ascii_punctuation() || *c == ' ')
    } else {
        None
    }
}

/// `s` as markup that prints `s` exactly (see the module doc).
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut leading = true;
    for c in s.chars() {
        let c = match c {
            '\n' | '\r' | '\t' => ' ',
            c => c,
        };
        if c == ' ' && !leading {
            out.push(' ');
            continue;
        }
        leading &= c == ' ';
        out.push(stand_in(c).unwrap_or(c));
    }
    out
}

/// Tera's escape function (`Tera::set_escape_fn`).
pub fn escape_fn(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(escaped(input).as_bytes())
}

/// Whether `s` holds a stand-in.
pub fn has_stand_ins(s: &str) -> bool {
    s.chars().any(|c| original(c).is_some())
}

/// The stand-ins of `s` back to the characters they stand for.
pub fn restore(s: &str) -> String {
    s.chars().map(|c| original(c).unwrap_or(c)).collect()
}

/// Restore `s` in place (no allocation when there is nothing to restore).
pub fn restore_in(s: &mut String) {
    if has_stand_ins(s) {
        *s = restore(s);
    }
}

/// Markup for people (`render --markup`): each stand-in as the backslash
/// escape CommonMark reads the same way (`\*`).
pub fn readable(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    for c in markup.chars() {
        match original(c) {
            Some('\u{fffc}') => out.push('\u{fffc}'),
            // A leading space: an entity, which no indentation rule reads.
            Some(' ') => out.push_str("&#32;"),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push(c),
        }
    }
    out
}

/// The front matter of `markup` (its leading `---` block) with its
/// stand-ins restored: front-matter values are YAML, written raw or through
/// the `yaml` filter, never Markdown.
pub fn restore_front_matter(markup: &str) -> std::borrow::Cow<'_, str> {
    if !has_stand_ins(markup) {
        return markup.into();
    }
    let mut lines = markup.split_inclusive('\n');
    let mut out = String::with_capacity(markup.len());
    let mut open = false;
    for l in lines.by_ref() {
        let t = l.trim();
        if !open {
            out.push_str(l);
            if t.is_empty() {
                continue;
            }
            if t != "---" {
                break;
            }
            open = true;
            continue;
        }
        if t == "---" || t == "..." {
            out.push_str(l);
            break;
        }
        out.push_str(&restore(l));
    }
    for l in lines {
        out.push_str(l);
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_punctuation_round_trips() {
        let s =
            "1. *Sao* _x_ <b>[^9]</b> # \\ | {.center} `a` ~b~ &amp; \"q\" 'a' Table: -x \u{fffc}";
        let e = escaped(s);
        assert!(!e.chars().any(|c| c.is_ascii_punctuation()), "{e}");
        assert_eq!(restore(&e), s);
        assert_eq!(escaped("a\nb\r\nc"), "a b  c");
        let e = escaped("    x y");
        assert!(e.ends_with("x y") && !e.starts_with(' '), "{e:?}");
        assert_eq!(restore(&e), "    x y");
    }

    #[test]
    fn readable_markup_uses_backslashes() {
        assert_eq!(readable(&escaped("*a* b")), "\\*a\\* b");
    }

    #[test]
    fn only_the_front_matter_is_restored() {
        let m = format!(
            "---\ndate: {}\n---\n\n{}\n",
            escaped("2019-08-20"),
            escaped("*x*")
        );
        let r = restore_front_matter(&m);
        assert!(r.starts_with("---\ndate: 2019-08-20\n---\n"), "{r}");
        assert!(r.ends_with(&format!("{}\n", escaped("*x*"))));
    }
}
