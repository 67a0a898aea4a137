//! Tone-mark placement in "oa", "oe", "uy" at the end of a syllable: the old
//! style puts the mark on the first vowel ("hòa", "thủy", "ủy"), the new
//! style on the second ("hoà", "thuỷ", "uỷ"). One style per document.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Which vowel of "oa"/"oe"/"uy" carries the tone mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ToneStyle {
    /// "òa, úy, ủy": Nghị định 30, the article. The default.
    #[default]
    Old,
    /// "oà, uý, uỷ": 36-HD examples, QĐ 1989/QĐ-BGDĐT.
    New,
}

impl ToneStyle {
    pub fn parse(s: &str) -> Option<ToneStyle> {
        match s.trim().to_lowercase().as_str() {
            "old" | "cu" | "cũ" | "kieu-cu" => Some(ToneStyle::Old),
            "new" | "moi" | "mới" | "kieu-moi" => Some(ToneStyle::New),
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
pub fn apply(text: &str, style: ToneStyle) -> String {
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

fn fix_word(word: &mut Vec<char>, style: ToneStyle) {
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
        (ToneStyle::New, Some(k), None) => {
            let t = word.remove(k);
            // i2 shifted left by one; append after the second vowel's marks.
            let end = word.len();
            word.insert(end, t);
        }
        (ToneStyle::Old, None, Some(k)) => {
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
            apply(s, ToneStyle::New),
            "Thị uỷ, hoà, thuỷ, xoè, Hoà Lộc, THỊ UỶ, khoẻ, quý, thuở, toà, goá, hoàng, quà"
        );
    }

    #[test]
    fn new_to_old() {
        let s = "Thị uỷ, hoà, thuỷ, xoè, THỊ UỶ, khoẻ, uý viên, quý";
        assert_eq!(
            apply(s, ToneStyle::Old),
            "Thị ủy, hòa, thủy, xòe, THỊ ỦY, khỏe, úy viên, quý"
        );
    }

    #[test]
    fn decomposed_input_comes_out_nfc() {
        let decomposed: String = "Thị ủy".nfd().collect();
        assert_eq!(apply(&decomposed, ToneStyle::Old), "Thị ủy");
        assert_eq!(apply("4.283 đảng viên", ToneStyle::New), "4.283 đảng viên");
    }
}
