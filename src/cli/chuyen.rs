//! `baocao chuyen FROM TO`: data between YAML and a workbook. A YAML file
//! becomes the fill-in workbook (`.xlsx`); a workbook or CSV folder
//! becomes YAML (only the values given, in the data format's order).
//! Either way the data is loaded and checked first, and the target is
//! written through a temporary file and a rename.

use std::path::Path;

use anyhow::{bail, Context, Result};

use super::Verbosity;
use crate::data::sheet;
use crate::output::write_atomic;

pub fn run(from: &Path, to: &Path, force: bool, verbosity: Verbosity) -> Result<i32> {
    let ext = to
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if to.exists() && !force {
        bail!(
            "{} đã có; dùng --force để ghi đè (exists; use --force to overwrite)",
            to.display()
        );
    }
    if same_file(from, to) {
        bail!("tệp nguồn và tệp đích là một (source and target are the same file)");
    }
    let bytes = match ext.as_str() {
        "xlsx" => {
            let data = crate::data::load_file(from)?;
            sheet::write::workbook(&data).map_err(anyhow::Error::msg)?
        }
        "yaml" | "yml" => {
            if !sheet::is_sheet_input(from) {
                bail!(
                    "{}: tệp nguồn phải là bảng tính (.xlsx, .ods, .xls) hoặc thư mục CSV (source must be a workbook)",
                    from.display()
                );
            }
            let file = from.display().to_string();
            let mut read = sheet::load_tree(from)?;
            sheet::read::dataset(&mut read, &file)?;
            let yaml = yaml_serde::to_string(&read.tree).context("không tạo được YAML")?;
            format!(
                "# Dữ liệu báo cáo, chuyển từ {} bằng `baocao chuyen`.\n{yaml}",
                from.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )
            .into_bytes()
        }
        _ => bail!(
            "{}: tệp đích phải là .xlsx hoặc .yaml (target must be .xlsx or .yaml)",
            to.display()
        ),
    };
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        super::commands::report_stale_temps(dir, verbosity);
    }
    write_atomic(to, &bytes).with_context(|| format!("không ghi được {}", to.display()))?;
    if verbosity != Verbosity::Quiet {
        println!("{}", to.display());
    }
    Ok(0)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
