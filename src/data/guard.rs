//! Guards around the YAML parser: what it handles badly is refused before
//! it runs (control characters, deep flow nesting), what it says tersely is
//! explained (tabs, unclosed quotes, limits), and what it accepts but no
//! report can print (escaped control characters) is refused after it.

use super::{DataError, MAX_FLOW_DEPTH};

fn syntax(file: &str, line: usize, column: usize, message: String) -> DataError {
    DataError::Syntax {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// A character no report can hold: C0/C1 controls but tab, newlines and NEL.
pub(super) fn forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}')
}

/// One pass before parsing: control characters (located, where libyaml
/// gives a byte position only) and `[`/`{` nesting deeper than
/// [`MAX_FLOW_DEPTH`]. Brackets are counted everywhere, quoted or not: only
/// a text with more than 64 unclosed ones could be refused wrongly.
pub(super) fn scan(text: &str, file: &str) -> Result<(), DataError> {
    let (mut line, mut column) = (1, 0);
    let mut depth = 0usize;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
            continue;
        }
        column += 1;
        if forbidden(c) {
            return Err(syntax(
                file,
                line,
                column,
                format!(
                    "ký tự điều khiển U+{:04X} không được phép (control character; a binary or damaged file?)",
                    c as u32
                ),
            ));
        }
        match c {
            '[' | '{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(syntax(
                        file,
                        line,
                        column,
                        format!(
                            "`[`/`{{` lồng nhau quá sâu, tối đa {MAX_FLOW_DEPTH} mức (nesting too deep)"
                        ),
                    ));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// libyaml's message, with what a user needs to fix it.
pub(super) fn explain(text: &str, line: usize, message: &str) -> String {
    let mut m = message.to_string();
    if m.contains("recursion limit exceeded") {
        return format!("dữ liệu lồng nhau quá sâu (nesting too deep: {m})");
    }
    if m.contains("repetition limit exceeded") {
        return format!(
            "quá nhiều bí danh YAML (*alias) được mở rộng, tệp bị từ chối (alias bomb? {m})"
        );
    }
    if m.contains("as u128") || m.contains("as i128") {
        return format!("số quá lớn (number too large: {m})");
    }
    let error_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    if m.contains("tab") || error_line.contains('\t') {
        m.push_str(
            "; hãy thụt lề bằng dấu cách, không dùng phím Tab (indent with spaces, not tabs)",
        );
    }
    if m.contains("quoted scalar") || m.contains("did not find expected") {
        // The first line, up to the error, with an odd number of `"`.
        let unclosed = text.lines().take(line.max(1)).position(|l| {
            let code = l.split(" #").next().unwrap_or(l);
            let mut n = 0;
            let mut prev = ' ';
            for c in code.chars() {
                if c == '"' && prev != '\\' {
                    n += 1;
                }
                prev = c;
            }
            n % 2 == 1
        });
        if let Some(i) = unclosed {
            m.push_str(&format!(
                "; dòng {}: có thể thiếu dấu ngoặc kép đóng `\"` (unclosed quote?)",
                i + 1
            ));
        }
    }
    m
}

/// After a successful parse: an empty document, and strings holding control
/// characters (written as escapes, `"\x07"`), named by their field path.
pub(super) fn check_value(value: &yaml_serde::Value, file: &str) -> Result<(), DataError> {
    if value.is_null() {
        return Err(syntax(
            file,
            1,
            1,
            "tệp không có dữ liệu: cần các khóa `van_ban`, `dang_bo`, `don_vi` (empty file)".into(),
        ));
    }
    let mut path = String::new();
    walk(value, &mut path).map_or(Ok(()), |(path, c)| {
        Err(DataError::Text {
            file: file.to_string(),
            path: if path.is_empty() { ".".into() } else { path },
            message: format!(
                "ký tự điều khiển U+{:04X} không được phép trong văn bản (control character)",
                c as u32
            ),
        })
    })
}

fn walk(v: &yaml_serde::Value, path: &mut String) -> Option<(String, char)> {
    use yaml_serde::Value;
    match v {
        Value::String(s) => s.chars().find(|c| forbidden(*c)).map(|c| (path.clone(), c)),
        Value::Sequence(items) => items.iter().enumerate().find_map(|(i, item)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = walk(item, path);
            path.truncate(len);
            found
        }),
        Value::Mapping(map) => map.iter().find_map(|(k, item)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            match k {
                Value::String(s) => path.push_str(s),
                other => path.push_str(&format!("{other:?}")),
            }
            let found = walk(k, path).or_else(|| walk(item, path));
            path.truncate(len);
            found
        }),
        Value::Tagged(t) => walk(&t.value, path),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_located() {
        let e = scan("a: 1\nb: x\u{1b}y\n", "f.yaml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("f.yaml:2:5:"), "{e}");
        assert!(e.contains("U+001B"), "{e}");
        assert!(scan("a: \"tab\there\"\r\n", "f.yaml").is_ok());
    }

    #[test]
    fn deep_flow_nesting_is_refused_early() {
        let deep = format!("a: {}{}", "[".repeat(65), "]".repeat(65));
        let e = scan(&deep, "f.yaml").unwrap_err().to_string();
        assert!(e.starts_with("f.yaml:1:68:"), "{e}");
        let ok = format!("a: {}{}", "[".repeat(64), "]".repeat(64));
        assert!(scan(&ok, "f.yaml").is_ok());
        // Balanced brackets in prose never add up.
        let prose = "a: [^1] và [^2] {x} ".repeat(1000);
        assert!(scan(&prose, "f.yaml").is_ok());
    }

    #[test]
    fn unclosed_quote_is_pointed_at() {
        let text = "a:\n  b: \"x\n  c: d\n  e: f\n";
        let m = explain(text, 4, "did not find expected key");
        assert!(m.contains("dòng 2"), "{m}");
    }

    #[test]
    fn escaped_control_character_names_its_field() {
        let v: yaml_serde::Value = yaml_serde::from_str("a:\n  - b: \"x\\x07\"\n").unwrap();
        let e = check_value(&v, "f.yaml").unwrap_err().to_string();
        assert!(e.contains("`a[0].b`"), "{e}");
        assert!(e.contains("U+0007"), "{e}");
    }
}
