//! clap's own texts in Vietnamese first: usage, help headings and argument
//! errors ("Cách dùng", "lỗi: giá trị không hợp lệ ..."), English terms in
//! brackets as the rest of the tool writes them. Errors are rebuilt from
//! clap's structured context (the argument, the value, the valid values,
//! the suggestion), not by translating its sentences; help and version
//! text get their few fixed English words replaced.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The headings and fixed phrases of clap's help, in Vietnamese.
const HELP_WORDS: [(&str, &str); 10] = [
    ("Usage:", "Cách dùng (usage):"),
    ("Commands:", "Lệnh (commands):"),
    ("Arguments:", "Đối số (arguments):"),
    ("Options:", "Tùy chọn (options):"),
    (
        "Print this message or the help of the given subcommand(s)",
        "In trợ giúp của chương trình hoặc của lệnh (help)",
    ),
    ("Print help", "In trợ giúp (help)"),
    ("Print version", "In phiên bản (version)"),
    ("[default: ", "[mặc định (default): "),
    ("[possible values: ", "[giá trị có thể (possible values): "),
    ("[aliases: ", "[tên khác (aliases): "),
];

/// Help text with its headings and fixed phrases in Vietnamese.
pub fn help_text(s: &str) -> String {
    let mut out = s.to_string();
    for (en, vi) in HELP_WORDS {
        out = out.replace(en, vi);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn value(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        ContextValue::None => None,
        _ => None,
    }
}

/// The Vietnamese text of a clap error that stops the run (exit 2): what
/// is wrong, a suggestion, the usage line, where to read more.
pub fn error_text(e: &clap::Error) -> String {
    let arg = value(e, ContextKind::InvalidArg).unwrap_or_default();
    let val = value(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut msg = match e.kind() {
        ErrorKind::InvalidValue => {
            let mut m = if val.is_empty() {
                format!("thiếu giá trị cho `{arg}` (a value is required)")
            } else {
                format!("giá trị không hợp lệ `{val}` cho `{arg}` (invalid value)")
            };
            if let Some(valid) = value(e, ContextKind::ValidValue).filter(|v| !v.is_empty()) {
                m.push_str(&format!("; các giá trị có thể (possible values): {valid}"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            format!("giá trị không hợp lệ `{val}` cho `{arg}` (invalid value{why})")
        }
        ErrorKind::UnknownArgument => {
            format!("không có tham số `{arg}` (unexpected argument)")
        }
        ErrorKind::InvalidSubcommand => {
            let cmd = value(e, ContextKind::InvalidSubcommand).unwrap_or(arg);
            format!("không có lệnh `{cmd}` (unrecognized subcommand)")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu tham số bắt buộc (missing required argument): {arg}")
        }
        ErrorKind::MissingSubcommand => "thiếu lệnh (missing subcommand)".to_string(),
        ErrorKind::ArgumentConflict => {
            let prior = value(e, ContextKind::PriorArg).unwrap_or_default();
            format!("không dùng `{arg}` cùng với `{prior}` (arguments conflict)")
        }
        ErrorKind::NoEquals => format!("`{arg}` cần dấu `=` trước giá trị (equals sign needed)"),
        ErrorKind::TooManyValues => {
            format!("quá nhiều giá trị cho `{arg}`: `{val}` (too many values)")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("số giá trị cho `{arg}` không đúng (wrong number of values)")
        }
        _ => {
            let en = e.render().to_string();
            let first = en
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            format!("lỗi tham số (argument error: {first})")
        }
    };
    if let Some(s) = value(e, ContextKind::SuggestedSubcommand)
        .or_else(|| value(e, ContextKind::SuggestedArg))
        .or_else(|| value(e, ContextKind::SuggestedValue))
    {
        msg.push_str(&format!("; có phải `{s}`? (did you mean)"));
    }
    let mut out = format!("lỗi: {msg}\n");
    if let Some(usage) = value(e, ContextKind::Usage) {
        out.push('\n');
        out.push_str(&help_text(usage.trim()));
    }
    out.push_str("\nXem thêm (more): thêm `--help` vào lệnh.\n");
    out
}
