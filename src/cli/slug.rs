//! Safe file names from Vietnamese names: "Kỳ Liên" -> "ky-lien". A slug is
//! ASCII letters, digits and single hyphens only, so whatever the data says
//! ("../../etc/x", "C:\\x", an empty name) the file stays inside OUT_DIR.

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
    } else {
        out
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
}
