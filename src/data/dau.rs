//! Tone-mark placement (kiểu bỏ dấu), the one implementation: in "oa",
//! "oe", "uy" at the end of a syllable the old style puts the mark on the
//! first vowel ("hòa", "khỏe", "thủy", "ủy"), the new style on the second
//! ("hoà", "khoẻ", "thuỷ", "uỷ"); "quý", "hoàng", "khuya" are the same in
//! both. One style per document (`van_ban.kieu_dau`): the data is restyled
//! on load, the templates' text by `template::tone_doc`, and the
//! `kieu_dau` filter calls [`apply`].

use unicode_normalization::UnicodeNormalization;

pub use super::KieuDau;

impl KieuDau {
    /// A style as written in a template filter or a setting: `cu`/`old`,
    /// `moi`/`new` (and `cũ`, `mới`, `kieu-cu`, `kieu-moi`).
    pub fn parse(s: &str) -> Option<KieuDau> {
        match s.trim().to_lowercase().as_str() {
            "old" | "cu" | "cũ" | "kieu-cu" => Some(KieuDau::Cu),
            "new" | "moi" | "mới" | "kieu-moi" => Some(KieuDau::Moi),
            _ => None,
        }
    }
}

fn is_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Normalise the whole text to `style` (output is NFC).
///
/// Only a word ending in "oa", "oe" or "uy" can change, so in NFC text
/// (nearly all: the data is NFC from the load) every other word is copied
/// as it is and only those words go through [`apply_nfd`]: the same text
/// as `apply_nfd` on the whole, without decomposing and recomposing it.
pub fn apply(text: &str, style: KieuDau) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if is_nfc_quick(text.chars()) != IsNormalized::Yes {
        return apply_nfd(text, style);
    }
    let word_char = |c: char| c.is_alphabetic() || is_mark(c);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !word_char(c) {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        let word = &text[start..end];
        if ends_in_pair(word) {
            out.push_str(&text[copied..start]);
            out.push_str(&apply_nfd(word, style));
            copied = end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether the last two base letters of `word` (as [`fix_word`] sees them
/// in NFD, lower case) are "oa", "oe" or "uy": else `fix_word` leaves it.
fn ends_in_pair(word: &str) -> bool {
    let mut last = ['\0'; 2];
    let mut n = 0;
    for c in word.chars().rev() {
        // A canonical decomposition is at most a few characters long.
        let (mut bases, mut k) = (['\0'; 8], 0);
        if c.is_ascii() {
            (bases[0], k) = (c, 1);
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| {
                if !is_mark(d) && k < bases.len() {
                    bases[k] = d;
                    k += 1;
                }
            });
        }
        for &b in bases[..k].iter().rev() {
            if n < 2 {
                last[1 - n] = b.to_lowercase().next().unwrap_or(b);
                n += 1;
            }
        }
        if n == 2 {
            break;
        }
    }
    n == 2 && matches!((last[0], last[1]), ('o', 'a') | ('o', 'e') | ('u', 'y'))
}

/// [`apply`] the long way: the whole text decomposed, each word fixed,
/// recomposed.
fn apply_nfd(text: &str, style: KieuDau) -> String {
    let nfd: Vec<char> = text.nfd().collect();
    let mut out: Vec<char> = Vec::with_capacity(nfd.len());
    let mut i = 0;
    while i < nfd.len() {
        if !nfd[i].is_alphabetic() {
            out.push(nfd[i]);
            i += 1;
            continue;
        }
        // A word: letters and their combining marks.
        let start = i;
        while i < nfd.len() && (nfd[i].is_alphabetic() || is_mark(nfd[i])) {
            i += 1;
        }
        let mut word: Vec<char> = nfd[start..i].to_vec();
        fix_word(&mut word, style);
        out.extend(word);
    }
    out.into_iter().nfc().collect()
}

fn fix_word(word: &mut Vec<char>, style: KieuDau) {
    // Base letters with the index of each in `word`.
    let bases: Vec<(usize, char)> = word
        .iter()
        .enumerate()
        .filter(|(_, c)| !is_mark(**c))
        .map(|(i, c)| (i, c.to_lowercase().next().unwrap_or(*c)))
        .collect();
    let n = bases.len();
    if n < 2 {
        return;
    }
    let (i1, a) = bases[n - 2];
    let (i2, b) = bases[n - 1];
    let pair = matches!((a, b), ('o', 'a') | ('o', 'e') | ('u', 'y'));
    if !pair {
        return;
    }
    // "qu" is a consonant: "quý" is the same in both styles.
    if a == 'u' && n >= 3 && bases[n - 3].1 == 'q' {
        return;
    }
    // "gi" + "oa"? No such syllable; other vowels before the pair mean a
    // different nucleus ("uoa" does not occur), so leave them.
    if n >= 3 && "aăâeêioôơuưy".contains(bases[n - 3].1) {
        return;
    }
    // Marks after each of the two vowels.
    let marks_after = |idx: usize, end: usize| -> Vec<usize> {
        (idx + 1..end).filter(|&k| is_mark(word[k])).collect()
    };
    let first_marks = marks_after(i1, i2);
    let second_marks = marks_after(i2, word.len());
    // The first vowel must be plain o/u (no horn or circumflex).
    if first_marks.iter().any(|&k| !is_tone(word[k])) {
        return;
    }
    let tone_first = first_marks.iter().copied().find(|&k| is_tone(word[k]));
    let tone_second = second_marks.iter().copied().find(|&k| is_tone(word[k]));
    match (style, tone_first, tone_second) {
        (KieuDau::Moi, Some(k), None) => {
            let t = word.remove(k);
            // i2 shifted left by one; append after the second vowel's marks.
            let end = word.len();
            word.insert(end, t);
        }
        (KieuDau::Cu, None, Some(k)) => {
            let t = word.remove(k);
            word.insert(i1 + 1, t);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_to_new() {
        let s = "Thị ủy, hòa, thủy, xòe, Hòa Lộc, THỊ ỦY, khỏe, quý, thuở, tòa, góa, hoàng, quà";
        assert_eq!(
            apply(s, KieuDau::Moi),
            "Thị uỷ, hoà, thuỷ, xoè, Hoà Lộc, THỊ UỶ, khoẻ, quý, thuở, toà, goá, hoàng, quà"
        );
    }

    #[test]
    fn new_to_old() {
        let s = "Thị uỷ, hoà, thuỷ, xoè, THỊ UỶ, khoẻ, uý viên, quý";
        assert_eq!(
            apply(s, KieuDau::Cu),
            "Thị ủy, hòa, thủy, xòe, THỊ ỦY, khỏe, úy viên, quý"
        );
    }

    #[test]
    fn word_by_word_is_the_same_as_the_whole_text() {
        let mut texts: Vec<String> = vec![
            include_str!("../../data/mau-12-don-vi.yaml").into(),
            include_str!("../../data/ky-anh-2019.yaml").into(),
            include_str!("../../templates/thi-xa.md.tera").into(),
            include_str!("../../templates/phuong-xa.md.tera").into(),
            "Ủy QUÝ Hòa HOÀ Khỏe thuở uý Úy ỦY o\u{301}a u\u{303}y ǅoa ÒA".into(),
        ];
        // Every pair of a few letters, with and without marks, in words.
        let letters = [
            "o", "ò", "ô", "u", "ủ", "ư", "a", "à", "e", "ẻ", "y", "ỳ", "q", "g", "i", "Ó", "Ý",
            "A",
        ];
        let mut all = String::new();
        for a in letters {
            for b in letters {
                for c in letters {
                    all.push_str(&format!("{a}{b}{c} {b}{c}, "));
                }
            }
        }
        texts.push(all);
        for t in &texts {
            for style in [KieuDau::Cu, KieuDau::Moi] {
                assert_eq!(apply(t, style), apply_nfd(t, style));
            }
        }
    }

    #[test]
    fn decomposed_input_comes_out_nfc() {
        let decomposed: String = "Thị ủy".nfd().collect();
        assert_eq!(apply(&decomposed, KieuDau::Cu), "Thị ủy");
        assert_eq!(apply("4.283 đảng viên", KieuDau::Moi), "4.283 đảng viên");
    }

    #[test]
    fn old_and_new() {
        let pairs = [
            ("hòa", "hoà"),
            ("Thị ủy", "Thị uỷ"),
            ("THỊ ỦY", "THỊ UỶ"),
            ("khỏe", "khoẻ"),
            ("Thủy", "Thuỷ"),
            ("tùy ý", "tuỳ ý"),
            ("Hòa Lộc", "Hoà Lộc"),
        ];
        for (old, new) in pairs {
            assert_eq!(apply(old, KieuDau::Moi), new);
            assert_eq!(apply(new, KieuDau::Cu), old);
            assert_eq!(apply(old, KieuDau::Cu), old);
            assert_eq!(apply(new, KieuDau::Moi), new);
        }
    }

    #[test]
    fn unchanged_words() {
        for w in [
            "quý", "Hoàng", "khuya", "hoa", "thuyết", "ngoại", "Kỳ Anh", "uy tín", "QUỲ",
        ] {
            assert_eq!(apply(w, KieuDau::Moi), w, "{w}");
            assert_eq!(apply(w, KieuDau::Cu), w, "{w}");
        }
    }

    #[test]
    fn styles_parse_from_settings_and_filters() {
        for s in ["old", "cu", "cũ", "kieu-cu", " Old "] {
            assert_eq!(KieuDau::parse(s), Some(KieuDau::Cu), "{s}");
        }
        for s in ["new", "moi", "mới", "kieu-moi"] {
            assert_eq!(KieuDau::parse(s), Some(KieuDau::Moi), "{s}");
        }
        assert_eq!(KieuDau::parse("x"), None);
    }
}
