//! A consistency finding (rule, field, stated and computed values,
//! message) and the collector every check writes into. The checks
//! (`check.rs` for structure, `rules.rs` for stated totals, `cells.rs` for
//! cells) use this file; none uses another's.

use std::fmt;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Location};

/// How bad a finding is: a warning is inconsistent but renderable
/// (`--strict` makes it an error); an error is impossible data (the report
/// would be wrong). The one severity of [`crate::diagnostic`].
pub use crate::diagnostic::Severity;

/// One consistency finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Rule id: `chua-ro` (information: unknown in the data), `tong-bo-phan`, `ti-le`, `neu-vs-tinh`, `chu-thich-2`, `tuoi`, `gia-tri`, `trung-lap`, `thieu`, `thu-tu`.
    pub rule: &'static str,
    /// Field path, as in load errors: `dang_bo.ket_qua.thon_tdp.khong_tai_cu`.
    pub path: String,
    /// The value the data states, if any.
    pub stated: Option<String>,
    /// The value computed from the data, if any.
    pub computed: Option<String>,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Info => "thông tin",
            Severity::Warning => "cảnh báo",
            Severity::Error => "lỗi",
        };
        write!(f, "{sev} [{}] `{}`: {}", self.rule, self.path, self.message)?;
        match (&self.stated, &self.computed) {
            (Some(s), Some(c)) => write!(f, " (ghi: {s}; tính được: {c})"),
            (Some(s), None) => write!(f, " (ghi: {s})"),
            (None, Some(c)) => write!(f, " (tính được: {c})"),
            (None, None) => Ok(()),
        }
    }
}

impl Finding {
    /// The finding as a [`Diagnostic`]: its rule as the code, its field as
    /// the place, the stated and computed values after the message.
    /// `"{severity} {diagnostic}"` is the finding's own text.
    pub fn diagnostic(&self) -> Diagnostic {
        let mut message = self.message.clone();
        match (&self.stated, &self.computed) {
            (Some(s), Some(c)) => message.push_str(&format!(" (ghi: {s}; tính được: {c})")),
            (Some(s), None) => message.push_str(&format!(" (ghi: {s})")),
            (None, Some(c)) => message.push_str(&format!(" (tính được: {c})")),
            (None, None) => {}
        }
        Diagnostic {
            severity: self.severity,
            code: Some(self.rule.to_string()),
            location: Some(Location::field(&self.path)),
            message,
            hint: None,
        }
    }
}

/// Collects findings.
#[derive(Default)]
pub(crate) struct Out(pub Vec<Finding>);

impl Out {
    pub fn push(
        &mut self,
        severity: Severity,
        rule: &'static str,
        path: impl Into<String>,
        stated: Option<String>,
        computed: Option<String>,
        message: impl Into<String>,
    ) {
        self.0.push(Finding {
            severity,
            rule,
            path: path.into(),
            stated,
            computed,
            message: message.into(),
        });
    }

    /// A whole that is not the sum of its parts.
    pub fn sum(&mut self, path: &str, whole: u32, parts: &[(&str, u32)]) {
        let total: u64 = parts.iter().map(|p| u64::from(p.1)).sum();
        if total != u64::from(whole) {
            let expr: Vec<String> = parts.iter().map(|(n, v)| format!("{n} {v}")).collect();
            self.push(
                Severity::Warning,
                "tong-bo-phan",
                path,
                Some(whole.to_string()),
                Some(total.to_string()),
                format!("tổng không bằng các phần: {} = {total}", expr.join(" + ")),
            );
        }
    }

    /// A stated count that differs from the derived one.
    pub fn count(&mut self, path: String, stated: Option<u32>, computed: Option<u32>, what: &str) {
        if let (Some(s), Some(computed)) = (stated, computed) {
            if s != computed {
                self.push(
                    Severity::Warning,
                    "neu-vs-tinh",
                    path,
                    Some(s.to_string()),
                    Some(computed.to_string()),
                    format!("{what} ghi khác số tính từ chi tiết"),
                );
            }
        }
    }
}
