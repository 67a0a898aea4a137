//! The YAML front-matter block of the document markup: the document meta
//! (file title/author/subject/date, the official header, the closing block).
//!
//! ```yaml
//! ---
//! title: Báo cáo kết quả đại hội chi bộ
//! author: Thị ủy Kỳ Anh
//! subject: kết quả đại hội chi bộ trực thuộc đảng bộ cơ sở
//! date: 2019-08-15            # YYYY-MM-DD, the report's own date
//! language: vi-VN             # optional
//! header:                     # optional; omit for a bare document
//!   superior: ĐẢNG BỘ TỈNH HÀ TĨNH
//!   issuer: THỊ ỦY KỲ ANH
//!   number: Số 05-BC/Th.U
//!   motto: ĐẢNG CỘNG SẢN VIỆT NAM      # default
//!   place_date: Kỳ Anh, ngày 15 tháng 8 năm 2019
//!   kind: BÁO CÁO                       # default
//!   summary: [kết quả đại hội chi bộ ...]  # a string or a list of lines
//!   separator: "-----"                  # default
//! closing:                    # optional
//!   recipients_label: "Nơi nhận:"       # default
//!   recipients: [Ban Tổ chức Tỉnh ủy, Lưu Văn phòng Thị ủy.]  # "- " added
//!   authority: T/M BAN THƯỜNG VỤ        # a string or a list
//!   title: BÍ THƯ                       # a string or a list
//!   signer: Nguyễn Văn A
//! ---
//! ```

use serde::Deserialize;

use super::model::{Closing, Date, Meta, OfficialHeader};

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Lines {
    One(String),
    Many(Vec<String>),
}

impl Lines {
    fn into_vec(self) -> Vec<String> {
        match self {
            Lines::One(s) => s.lines().map(str::to_string).collect(),
            Lines::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    #[serde(default)]
    title: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    subject: String,
    date: String,
    #[serde(default = "default_language")]
    language: String,
    header: Option<HeaderFm>,
    closing: Option<ClosingFm>,
}

fn default_language() -> String {
    "vi-VN".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderFm {
    #[serde(default)]
    superior: String,
    issuer: String,
    #[serde(default)]
    number: String,
    #[serde(default = "default_motto")]
    motto: String,
    #[serde(default)]
    place_date: String,
    #[serde(default = "default_kind")]
    kind: String,
    summary: Option<Lines>,
    #[serde(default = "default_separator")]
    separator: String,
}

fn default_motto() -> String {
    "ĐẢNG CỘNG SẢN VIỆT NAM".into()
}
fn default_kind() -> String {
    "BÁO CÁO".into()
}
fn default_separator() -> String {
    "-----".into()
}
fn default_label() -> String {
    "Nơi nhận:".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClosingFm {
    #[serde(default = "default_label")]
    recipients_label: String,
    #[serde(default)]
    recipients: Vec<String>,
    authority: Option<Lines>,
    title: Option<Lines>,
    #[serde(default)]
    signer: String,
}

/// A front-matter problem: message and 1-based line/column within the
/// front-matter text (line 1 is the first line after the opening `---`).
#[derive(Debug)]
pub struct FrontMatterError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Split `text` into (front matter, body, number of lines before the body).
/// The block opens with a first line `---` and closes with `---` or `...`.
pub fn split(text: &str) -> (Option<&str>, &str, usize) {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return (None, text, 0);
    }
    let mut pos = first_end + 1;
    let mut lines = 1;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        lines += 1;
        if line == "---" || line == "..." {
            let body_start = (end + 1).min(text.len());
            return (Some(&text[first_end + 1..pos]), &text[body_start..], lines);
        }
        if end >= text.len() {
            break;
        }
        pos = end + 1;
    }
    // No closing line: not a front matter.
    (None, text, 0)
}

/// Parse the front-matter YAML into the document meta.
pub fn parse(yaml: &str) -> Result<Meta, FrontMatterError> {
    let fm: FrontMatter = yaml_serde::from_str(yaml).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        FrontMatterError {
            line,
            column,
            message: format!("front matter: {e}"),
        }
    })?;
    let date_line = yaml
        .lines()
        .position(|l| l.trim_start().starts_with("date:"))
        .map_or(1, |i| i + 1);
    let date = parse_date(&fm.date).ok_or_else(|| FrontMatterError {
        line: date_line,
        column: 1,
        message: format!(
            "front matter: date `{}` is not a calendar date YYYY-MM-DD",
            fm.date
        ),
    })?;
    let header = fm.header.map(|h| OfficialHeader {
        superior: h.superior,
        issuer: h.issuer,
        number: h.number,
        motto: h.motto,
        place_date: h.place_date,
        kind: h.kind,
        summary: h.summary.map(Lines::into_vec).unwrap_or_default(),
        separator: h.separator,
    });
    let closing = fm.closing.map(|c| Closing {
        recipients_label: c.recipients_label,
        recipients: recipient_lines(c.recipients),
        authority: c.authority.map(Lines::into_vec).unwrap_or_default(),
        title: c.title.map(Lines::into_vec).unwrap_or_default(),
        signer: c.signer,
    });
    Ok(Meta {
        title: fm.title,
        author: fm.author,
        subject: fm.subject,
        date,
        language: fm.language,
        header,
        closing,
    })
}

/// "YYYY-MM-DD" -> a valid calendar date.
pub fn parse_date(s: &str) -> Option<Date> {
    let mut it = s.trim().splitn(3, '-');
    let year: i32 = it.next()?.parse().ok()?;
    let month: u32 = it.next()?.parse().ok()?;
    let day: u32 = it.next()?.parse().ok()?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days)
        .contains(&day)
        .then_some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let (fm, body, n) = split("---\ndate: 2019-08-15\n---\n# I- A\n");
        assert_eq!(fm, Some("date: 2019-08-15\n"));
        assert_eq!(body, "# I- A\n");
        assert_eq!(n, 3);
        let (fm, body, n) = split("# no front matter\n");
        assert!(fm.is_none());
        assert_eq!((body, n), ("# no front matter\n", 0));
    }

    #[test]
    fn parses_meta_with_defaults() {
        let m = parse(
            "date: 2019-08-15\nheader:\n  issuer: THỊ ỦY KỲ ANH\n  summary: kết quả\nclosing:\n  recipients: [Lưu VP.]\n  authority: T/M BAN THƯỜNG VỤ\n",
        )
        .unwrap();
        let h = m.header.unwrap();
        assert_eq!(h.motto, "ĐẢNG CỘNG SẢN VIỆT NAM");
        assert_eq!(h.summary, vec!["kết quả"]);
        let c = m.closing.unwrap();
        assert_eq!(c.recipients, vec!["- Lưu VP."]);
        assert_eq!(c.recipients_label, "Nơi nhận:");
        assert_eq!(m.language, "vi-VN");
    }

    #[test]
    fn bad_date_and_unknown_key_are_errors_with_lines() {
        let e = parse("title: x\ndate: 2019-02-30\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("date: 2019-02-03\ntitel: x\n").unwrap_err();
        assert!(e.message.contains("titel"), "{}", e.message);
        assert_eq!(e.line, 2);
    }
}

/// Recipients as printed (36-HD/VPTW): each line starts "- "; every line but
/// the last ends with ",", the last with "." (unless the data already
/// punctuates them).
fn recipient_lines(items: Vec<String>) -> Vec<String> {
    let n = items.len();
    items
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let r = r.trim();
            let mut line = if r.starts_with("- ") {
                r.to_string()
            } else {
                format!("- {}", r.trim_start_matches('-').trim_start())
            };
            let last = i + 1 == n;
            if !line.ends_with([',', ';', '.', ':']) {
                line.push(if last { '.' } else { ',' });
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod recipient_tests {
    #[test]
    fn recipients_get_dash_comma_and_final_stop() {
        let got = super::recipient_lines(vec![
            "Ban Tổ chức Tỉnh ủy".into(),
            "- Thường trực Thị ủy,".into(),
            "Lưu Văn phòng Thị ủy".into(),
        ]);
        assert_eq!(
            got,
            [
                "- Ban Tổ chức Tỉnh ủy,",
                "- Thường trực Thị ủy,",
                "- Lưu Văn phòng Thị ủy."
            ]
        );
    }
}
