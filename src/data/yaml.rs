//! YAML data files: the text (already decoded and normalised) parsed into a
//! [`Dataset`], ward by ward when the layout allows ([`split`]), with
//! syntax, type and key errors located by line, column and field path.
//! Workbooks are read beside it, in [`super::sheet`].

use std::borrow::Cow;

use super::error::{self, nearest};
use super::{dau, guard, order_wards, translate, DataError, Dataset, DonVi, Source};

/// Parse normalised YAML `text` into a [`Dataset`] (its wards in order,
/// its source kept); `file_name` is used in messages.
pub(super) fn load(text: Cow<'_, str>, file_name: &str) -> Result<Dataset, DataError> {
    guard::scan(&text, file_name)?;
    // One typed pass in the usual case. The untyped pass (a `Value`) only
    // tells syntax errors apart from type errors, refuses an empty document
    // and finds control characters written as escapes (`"\x07"`): it runs
    // when the typed pass fails, when the text has a backslash, or when it
    // has no `key:` at all (an empty document).
    let plain = !text.contains('\\') && text.contains(':');
    // The usual file, ward by ward ([`split`]): what it gives is what the
    // whole-file pass below gives, without holding every parser event of
    // the file at once. Anything else (and every error) takes that pass.
    let fast = if plain {
        parse_split(&text, file_name).and_then(|data| {
            let styled = dau::apply(&text, data.van_ban.kieu_dau);
            if styled == *text {
                Some((data, styled))
            } else {
                parse_split(&styled, file_name).map(|data| (data, styled))
            }
        })
    } else {
        None
    };
    let (mut data, styled) = match fast {
        Some(found) => found,
        None => {
            let mut data = match parse(&text, file_name) {
                Ok(data) if plain => data,
                typed => {
                    untyped_checks(&text, file_name)?;
                    typed?
                }
            };
            // Tone marks in the document's style (keys are ASCII: unaffected).
            let styled = dau::apply(&text, data.van_ban.kieu_dau);
            if styled != *text {
                data = parse(&styled, file_name)?;
            }
            (data, styled)
        }
    };
    drop(text);
    order_wards(&mut data);
    data.source = Some(std::sync::Arc::new(Source {
        file: file_name.to_string(),
        text: styled,
        sheet: None,
    }));
    Ok(data)
}

/// The syntax pass: a syntax error, an empty document or an escaped control
/// character, each reported as before the typed pass's errors.
fn untyped_checks(text: &str, file_name: &str) -> Result<(), DataError> {
    match yaml_serde::from_str::<yaml_serde::Value>(text) {
        Err(e) => {
            let message = strip_location(&e.to_string());
            if message.contains("duplicate entry") {
                // The typed pass says where the second entry is, with its path.
                parse(text, file_name)?;
            }
            let (line, column) = location(&e);
            let message = guard::explain(text, line, &message);
            Err(DataError::Syntax {
                file: file_name.to_string(),
                line,
                column,
                message,
            })
        }
        Ok(value) => guard::check_value(&value, file_name),
    }
}

/// The typed pass in pieces, when the file is laid out as usual: the
/// file without its `don_vi:` block, then each ward of the block on its
/// own. yaml_serde reads a whole document into a list of events before
/// the typed pass (~16x the text), so this bounds that list by one ward.
/// `None` when the layout is not the usual one ([`split`]) or any piece
/// fails to parse: the caller then parses the whole file, which gives the
/// error with its line and field path as always.
fn parse_split(text: &str, file_name: &str) -> Option<Dataset> {
    let (head, items) = split(text)?;
    let mut data = parse(&head, file_name).ok()?;
    if !data.don_vi.is_empty() {
        return None;
    }
    data.don_vi.reserve_exact(items.len());
    for item in items {
        let de = yaml_serde::Deserializer::from_str(item);
        let mut one: Vec<DonVi> = serde::Deserialize::deserialize(de).ok()?;
        if one.len() != 1 {
            return None;
        }
        data.don_vi.push(one.pop()?);
    }
    Some(data)
}

/// `text` as (the text without its top-level `don_vi:` block, the block's
/// items), each item the text of one `- ...` entry of the block sequence,
/// from its line to the next entry's. `None` unless the layout is plain
/// block style: one line `don_vi:` at column 0 (a comment may follow) whose
/// value is a sequence of entries indented the same, no other top-level
/// line naming `don_vi`, no document marker (`---`, `...`), no tab at the
/// start of a line. A piece cut inside a quoted or flow scalar that runs
/// across an entry's first line cannot parse on its own (its quote or
/// bracket is left open), so [`parse_split`] then falls back to the whole file.
fn split(text: &str) -> Option<(String, Vec<&str>)> {
    let is_key = |line: &str| {
        line.strip_prefix("don_vi:").is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.is_empty() || rest.starts_with('#')
        })
    };
    // (start, end) byte offsets of each line, the newline included.
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, at + line.len()));
        at += line.len();
    }
    let line = |i: usize| {
        let (a, b) = lines[i];
        &text[a..b]
    };
    let mut key = None;
    for i in 0..lines.len() {
        let l = line(i);
        if l.starts_with("---") || l.starts_with("...") || l.starts_with('\t') {
            return None;
        }
        if is_key(l) {
            if key.is_some() {
                return None;
            }
            key = Some(i);
        }
    }
    let key = key?;
    let blank = |l: &str| {
        let t = l.trim_start_matches(' ');
        t.trim_end().is_empty() || t.starts_with('#')
    };
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    // The entries' indentation: the block's first content line, an entry.
    let first = (key + 1..lines.len()).find(|&i| !blank(line(i)))?;
    let n = indent_of(line(first));
    let is_entry = |l: &str| {
        l.len() > n
            && indent_of(l) == n
            && l[n..].starts_with('-')
            && matches!(l.as_bytes().get(n + 1), None | Some(b' ' | b'\r' | b'\n'))
    };
    if n == 0 || !is_entry(line(first)) {
        return None;
    }
    // The block ends at the next content line at column 0 (a top-level key).
    let end = (first..lines.len())
        .find(|&i| {
            let l = line(i);
            !l.starts_with(' ') && !blank(l)
        })
        .unwrap_or(lines.len());
    let mut starts = Vec::new();
    for &(a, b) in &lines[first..end] {
        let l = &text[a..b];
        if blank(l) {
            continue;
        }
        let k = indent_of(l);
        if k < n {
            return None;
        }
        if k == n {
            if !is_entry(l) {
                return None;
            }
            starts.push(a);
        }
    }
    let block_end = lines.get(end).map_or(text.len(), |l| l.0);
    let key_start = lines[key].0;
    let mut head = String::with_capacity(key_start + text.len() - block_end);
    head.push_str(&text[..key_start]);
    head.push_str(&text[block_end..]);
    // Outside the block, `don_vi` only in comments: a second key spelled
    // otherwise (`"don_vi":`) is the whole-file pass's error to report.
    if head
        .lines()
        .any(|l| !l.trim_start().starts_with('#') && l.contains("don_vi"))
    {
        return None;
    }
    let items = starts
        .iter()
        .enumerate()
        .map(|(j, &a)| &text[a..starts.get(j + 1).copied().unwrap_or(block_end)])
        .collect();
    Some((head, items))
}

fn parse(text: &str, file_name: &str) -> Result<Dataset, DataError> {
    let de = yaml_serde::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| classify(e, file_name))
}

fn location(e: &yaml_serde::Error) -> (usize, usize) {
    e.location().map_or((1, 1), |l| (l.line(), l.column()))
}

/// The message without " at line N column M" (the location is reported apart).
fn strip_location(msg: &str) -> String {
    let mut out = String::new();
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        rest = &rest[i + " at line ".len()..];
        let end = rest
            .find(" column ")
            .map(|j| j + " column ".len())
            .unwrap_or(0);
        let digits = rest[end..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - end);
        rest = &rest[end + digits..];
    }
    out.push_str(rest);
    out
}

fn classify(e: serde_path_to_error::Error<yaml_serde::Error>, file: &str) -> DataError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let (line, column) = location(&inner);
    let message = strip_path(&strip_location(&inner.to_string())).to_string();
    let words = error::backticked(&message);
    let file = file.to_string();
    if message.starts_with("unknown field") && !words.is_empty() {
        let key = words[0].to_string();
        let path = strip_last(&path, &key);
        return DataError::UnknownKey {
            file,
            line,
            column,
            path,
            suggestion: nearest(&key, words[1..].iter().copied()),
            key,
        };
    }
    if message.starts_with("missing field") && !words.is_empty() {
        return DataError::MissingField {
            file,
            line,
            column,
            path,
            field: words[0].to_string(),
        };
    }
    let suggestion = if message.starts_with("unknown variant") && !words.is_empty() {
        nearest(words[0], words[1..].iter().copied())
    } else {
        None
    };
    DataError::Invalid {
        file,
        line,
        column,
        path,
        message: translate(&message),
        suggestion,
    }
}

/// yaml_serde prefixes messages with its own path: "don_vi[0]: missing field ...".
fn strip_path(msg: &str) -> &str {
    match msg.split_once(": ") {
        Some((head, rest)) if !head.contains(' ') => rest,
        _ => msg,
    }
}

/// `a.b.key` -> `a.b` when the path already ends in the offending key.
fn strip_last(path: &str, key: &str) -> String {
    if path == key {
        return ".".to_string();
    }
    match path.strip_suffix(key).and_then(|p| p.strip_suffix('.')) {
        Some(p) => p.to_string(),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod split_tests {
    use super::*;
    use crate::data::load_str;

    fn whole(text: &str) -> Dataset {
        parse(text, "t.yaml").unwrap()
    }

    #[test]
    fn ward_by_ward_gives_the_whole_files_data() {
        for text in [
            include_str!("../../data/mau-12-don-vi.yaml"),
            &crate::cli::synth::generate(30, 4, 7),
        ] {
            let (_, items) = split(text).expect("usual layout");
            assert!(items.len() >= 12);
            let split = parse_split(text, "t.yaml").expect("parses");
            assert_eq!(format!("{split:?}"), format!("{:?}", whole(text)));
        }
    }

    const HEAD: &str = "van_ban:\n  cap_tren: A\n  co_quan: B\n  so_ky_hieu: 1\n  dia_danh: C\n  ngay: 2019-08-20\n  trich_yeu: D\n  nhiem_ky: 2019 - 2022\n  nguoi_ky: { tm: T, chuc_vu: V, ho_ten: H }\n  noi_nhan: [X]\ndang_bo:\n  ten: Đảng bộ thị xã Mẫu\n";

    #[test]
    fn unusual_layouts_take_the_whole_file_pass() {
        let wards = "don_vi:\n  - ma: a\n    ten: A\n    loai: phuong\n  - ma: b\n    ten: B\n    loai: xa\n";
        let ok = format!("{HEAD}{wards}");
        assert_eq!(split(&ok).unwrap().1.len(), 2);
        assert_eq!(parse_split(&ok, "t").unwrap().don_vi.len(), 2);
        // Wards after the town, a comment after the key, CRLF.
        let after = format!("{wards}{HEAD}").replace("don_vi:\n", "don_vi: # x\n");
        assert_eq!(parse_split(&after, "t").unwrap().don_vi.len(), 2);
        let crlf = ok.replace('\n', "\r\n");
        assert_eq!(
            format!("{:?}", parse_split(&crlf, "t").unwrap()),
            format!("{:?}", whole(&crlf))
        );
        // Entries at column 0, a flow sequence, two keys, a document marker:
        // not split.
        assert!(split(&format!(
            "{HEAD}don_vi:\n- ma: a\n  ten: A\n  loai: phuong\n"
        ))
        .is_none());
        assert!(split(&format!(
            "{HEAD}don_vi: [{{ma: a, ten: A, loai: phuong}}]\n"
        ))
        .is_none());
        assert!(split(&format!("{ok}\"don_vi\": []\n")).is_none());
        assert!(split(&format!("---\n{ok}")).is_none());
        // A quoted text running over an entry's first line: the piece
        // cannot parse, so the whole file is parsed (it is one ward here).
        let quoted =
            format!("{HEAD}don_vi:\n  - ma: a\n    ten: \"A\n  - ma: b\"\n    loai: phuong\n");
        assert!(split(&quoted).is_some());
        assert!(parse_split(&quoted, "t").is_none());
        let data = load_str(&quoted, "t").unwrap();
        assert_eq!(data.don_vi.len(), 1);
        assert_eq!(data.don_vi[0].ten, "A - ma: b");
        // An anchor in one ward used in the next: the next cannot parse alone.
        let alias = format!(
            "{HEAD}don_vi:\n  - ma: a\n    ten: &t A\n    loai: phuong\n  - ma: b\n    ten: *t\n    loai: xa\n"
        );
        assert!(parse_split(&alias, "t").is_none());
        assert_eq!(load_str(&alias, "t").unwrap().don_vi[1].ten, "A");
    }

    #[test]
    fn errors_in_a_ward_name_the_whole_files_line_and_path() {
        let text = format!(
            "{HEAD}don_vi:\n  - ma: a\n    ten: A\n    loai: phuong\n  - ma: b\n    ten: B\n    loai: khong-co\n"
        );
        let e = load_str(&text, "t.yaml").unwrap_err().to_string();
        assert!(e.contains("t.yaml:19:"), "{e}");
        assert!(e.contains("don_vi[1].loai"), "{e}");
    }
}
