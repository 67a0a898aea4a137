//! Tone-mark placement (kiểu bỏ dấu): old style puts the tone of a final
//! "oa", "oe", "uy" on the first vowel (hòa, khỏe, thủy), new style on the
//! second (hoà, khoẻ, thuỷ). Only syllables ending in these pairs differ;
//! "quý", "hoàng", "khuya" are the same in both.

use unicode_normalization::UnicodeNormalization;

use super::KieuDau;

/// The five Vietnamese tone marks, as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// A letter without its tone mark, and the tone mark.
fn split_tone(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c, None);
    }
    let mut tone = None;
    let base: String = std::iter::once(c)
        .nfd()
        .filter(|d| {
            let is_tone = TONES.contains(d);
            if is_tone {
                tone = Some(*d);
            }
            !is_tone
        })
        .nfc()
        .collect();
    (base.chars().next().unwrap_or(c), tone)
}

fn with_tone(base: char, tone: char) -> char {
    let s: String = [base, tone].into_iter().nfc().collect();
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => c,
        _ => base,
    }
}

/// `text` (NFC) with tone marks placed in `style`.
pub fn apply(text: &str, style: KieuDau) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word: Vec<char> = Vec::new();
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, style, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, style, &mut out);
    out
}

fn flush(word: &mut Vec<char>, style: KieuDau, out: &mut String) {
    let n = word.len();
    if n >= 2 {
        let (b1, t1) = split_tone(word[n - 2]);
        let (b2, t2) = split_tone(word[n - 1]);
        let pair = (b1.to_ascii_lowercase(), b2.to_ascii_lowercase());
        let after_q = n >= 3 && word[n - 3].eq_ignore_ascii_case(&'q');
        let applies = matches!(pair, ('o', 'a') | ('o', 'e')) || (pair == ('u', 'y') && !after_q);
        if applies {
            match (style, t1, t2) {
                (KieuDau::Cu, None, Some(t)) => {
                    word[n - 2] = with_tone(b1, t);
                    word[n - 1] = b2;
                }
                (KieuDau::Moi, Some(t), None) => {
                    word[n - 2] = b1;
                    word[n - 1] = with_tone(b2, t);
                }
                _ => {}
            }
        }
    }
    out.extend(word.drain(..));
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
