//! Safe file names from Vietnamese names: "Kỳ Liên" -> "ky-lien". A slug is
//! ASCII letters, digits and single hyphens only, so whatever the data says
//! ("../../etc/x", "C:\\x", an empty name) the file stays inside OUT_DIR.
//! It never ends in a dot or a space, and never is a name Windows reserves
//! for a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9, in any case and with any
//! extension: `con.pdf` cannot be created there): such a slug gets the
//! fallback as a prefix (`CON` -> `don-vi-con`).

use unicode_normalization::UnicodeNormalization;

/// Longest slug kept (characters).
const MAX_LEN: usize = 80;

/// The slug of `name`; `fallback` when nothing usable remains.
pub fn slug(name: &str, fallback: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut hyphen = false;
    for c in name.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c);
        } else {
            hyphen = true;
        }
        if out.len() >= MAX_LEN {
            break;
        }
    }
    if out.is_empty() {
        fallback.to_string()
    } else if is_windows_device(&out) {
        format!("{fallback}-{out}")
    } else {
        out
    }
}

/// A name Windows reserves for a device, whatever follows its first dot:
/// `con`, `Nul.txt`, `com1`, `LPT9.x`.
pub fn is_windows_device(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end_matches([' ', '.']);
    let lower = stem.to_ascii_lowercase();
    match lower.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => {
            let b = lower.as_bytes();
            b.len() == 4
                && (lower.starts_with("com") || lower.starts_with("lpt"))
                && (b'1'..=b'9').contains(&b[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn vietnamese_names_become_ascii_slugs() {
        assert_eq!(slug("Kỳ Liên", "x"), "ky-lien");
        assert_eq!(slug("Sông Trí", "x"), "song-tri");
        assert_eq!(slug("Đảng bộ phường Kỳ Lợi", "x"), "dang-bo-phuong-ky-loi");
        assert_eq!(slug("ĐỒNG NAI", "x"), "dong-nai");
        // NFD input gives the same slug.
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Kỳ Hưng").collect();
        assert_eq!(slug(&nfd, "x"), "ky-hung");
    }

    #[test]
    fn path_tricks_are_flattened() {
        assert_eq!(slug("../../etc/x", "x"), "etc-x");
        assert_eq!(slug("/abs/path", "x"), "abs-path");
        assert_eq!(slug("C:\\Windows\\x", "x"), "c-windows-x");
        assert_eq!(slug("..", "don-vi"), "don-vi");
        assert_eq!(slug("", "don-vi"), "don-vi");
        assert_eq!(slug("😀", "don-vi"), "don-vi");
        assert!(slug(&"a".repeat(500), "x").len() <= 80);
    }

    #[test]
    fn windows_device_names_never_become_file_names() {
        for id in [
            "CON", "con", "Prn", "AUX", "nul", "COM1", "com9", "LPT1", "lpt9", "CON.", "nul ",
            "Aux...",
        ] {
            let s = slug(id, "don-vi");
            assert!(!super::is_windows_device(&s), "{id} -> {s}");
            assert!(s.starts_with("don-vi-"), "{id} -> {s}");
            assert!(!s.ends_with('.') && !s.ends_with(' '), "{id} -> {s}");
        }
        // With an extension the dot becomes a hyphen: no longer a device.
        assert_eq!(slug("con.x", "x"), "con-x");
        assert_eq!(slug("NUL.txt", "x"), "nul-txt");
        assert!(super::is_windows_device("con.x") && super::is_windows_device("Lpt3.pdf"));
        // Near misses stay as they are.
        assert_eq!(slug("COM10", "x"), "com10");
        assert_eq!(slug("LPT0", "x"), "lpt0");
        assert_eq!(slug("console", "x"), "console");
        assert_eq!(slug("Côn Đảo", "x"), "con-dao");
        assert_eq!(slug("ky-lien.", "x"), "ky-lien");
    }
}
