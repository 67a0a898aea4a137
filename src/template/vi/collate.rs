//! Vietnamese collation: the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ
//! p q r s t u ư v x y as the first key, the tone (ngang < huyền < hỏi < ngã
//! < sắc < nặng) as the second, case last.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;

const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// Tone rank of a combining mark, if it is a tone mark.
fn tone(c: char) -> Option<u8> {
    Some(match c {
        '\u{300}' => 1, // huyền
        '\u{309}' => 2, // hỏi
        '\u{303}' => 3, // ngã
        '\u{301}' => 4, // sắc
        '\u{323}' => 5, // nặng
        _ => return None,
    })
}

/// The sort key of a string: (letters, tones, original).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    primary: Vec<u32>,
    secondary: Vec<u8>,
    tertiary: String,
}

/// The collation key of `s`.
pub fn key(s: &str) -> Key {
    let mut primary = Vec::new();
    let mut secondary = Vec::new();
    let lower: String = s.trim().to_lowercase();
    // NFD, then rebuild each letter with its shape marks (breve, circumflex,
    // horn) and set the tone aside.
    let mut chars = lower.nfd().peekable();
    while let Some(c) = chars.next() {
        let mut letter = String::from(c);
        let mut t = 0u8;
        while let Some(&m) = chars.peek() {
            if let Some(r) = tone(m) {
                t = r;
            } else if ('\u{300}'..='\u{36f}').contains(&m) {
                letter.push(m);
            } else {
                break;
            }
            chars.next();
        }
        let base: String = letter.nfc().collect();
        let bc = base.chars().next().unwrap_or(c);
        let p = if bc.is_whitespace() {
            0
        } else if bc.is_ascii_digit() {
            // Digits before letters, in order.
            1 + bc as u32 - '0' as u32
        } else if let Some(pos) = ALPHABET.chars().position(|a| a == bc) {
            100 + pos as u32
        } else if bc.is_alphanumeric() {
            1000 + bc as u32
        } else {
            // Punctuation sorts with spaces.
            0
        };
        primary.push(p);
        secondary.push(t);
    }
    Key {
        primary,
        secondary,
        tertiary: s.nfc().collect(),
    }
}

/// Compare two strings in Vietnamese order.
pub fn compare(a: &str, b: &str) -> Ordering {
    key(a).cmp(&key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(v: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn ha_before_hoa_unlike_code_points() {
        assert_eq!(sorted(&["Kỳ Hoa", "Kỳ Hà"]), vec!["Kỳ Hà", "Kỳ Hoa"]);
        assert!("Kỳ Hoa" < "Kỳ Hà"); // the bug a code-point sort has
    }

    #[test]
    fn alphabet_order() {
        assert_eq!(
            sorted(&["đ", "d", "ơ", "ô", "o", "â", "ă", "a", "ư", "u", "ê", "e", "c", "b"]),
            vec!["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"]
        );
        assert_eq!(
            sorted(&["Đào", "Dương", "Bùi", "Âu", "Anh"]),
            vec!["Anh", "Âu", "Bùi", "Dương", "Đào"]
        );
    }

    #[test]
    fn tone_is_the_second_key() {
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            vec!["ma", "mà", "mả", "mã", "má", "mạ"]
        );
        // Letters first: "mạch" after "mà" and "man" before "mạnh" decided by letters.
        assert_eq!(sorted(&["mạnh", "man", "mà"]), vec!["mà", "man", "mạnh"]);
    }

    #[test]
    fn wards_of_ky_anh() {
        assert_eq!(
            sorted(&["Kỳ Ninh", "Kỳ Nam", "Kỳ Lợi", "Kỳ Hưng", "Kỳ Hoa", "Kỳ Hà"]),
            vec!["Kỳ Hà", "Kỳ Hoa", "Kỳ Hưng", "Kỳ Lợi", "Kỳ Nam", "Kỳ Ninh"]
        );
    }

    #[test]
    fn shorter_prefix_first_and_decomposed_equal() {
        assert_eq!(sorted(&["Kỳ Hàm", "Kỳ Hà"]), vec!["Kỳ Hà", "Kỳ Hàm"]);
        let d: String = "Kỳ Hà".nfd().collect();
        assert_eq!(compare(&d, "Kỳ Hà"), Ordering::Equal);
    }
}
