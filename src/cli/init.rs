//! `baocao init DIR` and `baocao templates export DIR`: a working folder a
//! user can start from, and the built-in templates exported for editing.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::document::settings::BUILTIN_SETTINGS;
use crate::output::write_atomic;

const SAMPLE_TOWN: &str = include_str!("../../data/ky-anh-2019.yaml");
const SAMPLE_WARDS: &str = include_str!("../../data/mau-12-don-vi.yaml");
const GUIDE: &str = include_str!("init-guide.md");

/// Write the built-in templates and `settings.yaml` into `dir`. Existing
/// files are kept unless `force`.
pub fn export_templates(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("không tạo được thư mục {} (cannot create)", dir.display()))?;
    let files = crate::template::builtin_templates()
        .iter()
        .copied()
        .chain([("settings.yaml", BUILTIN_SETTINGS)]);
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        if path.exists() && !force {
            bail!(
                "{} đã có; dùng --force để ghi đè (exists; use --force to overwrite)",
                path.display()
            );
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_atomic(&path, text.as_bytes())
            .with_context(|| format!("không ghi được {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// The fill-in workbook, holding the 12-unit sample: `render du-lieu.xlsx`
/// gives the same report as `render du-lieu/mau-12-don-vi.yaml`.
pub fn sample_workbook() -> Result<Vec<u8>> {
    let sample = crate::data::load_str(SAMPLE_WARDS, "mau-12-don-vi.yaml")?;
    crate::data::sheet::write::workbook(&sample).map_err(anyhow::Error::msg)
}

/// Create a working folder: sample data, exported templates, a guide.
pub fn run(dir: &Path) -> Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .with_context(|| format!("không đọc được {}", dir.display()))?
            .next()
            .is_some()
    {
        bail!(
            "thư mục {} đã có nội dung; hãy chọn thư mục mới (folder is not empty)",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir.join("du-lieu"))
        .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
    for (name, text) in [
        ("du-lieu/ky-anh-2019.yaml", SAMPLE_TOWN),
        ("du-lieu/mau-12-don-vi.yaml", SAMPLE_WARDS),
        ("HUONG-DAN.md", GUIDE),
    ] {
        let path = dir.join(name);
        write_atomic(&path, text.as_bytes())
            .with_context(|| format!("không ghi được {}", path.display()))?;
    }
    let book = sample_workbook()?;
    let path = dir.join("du-lieu.xlsx");
    write_atomic(&path, &book).with_context(|| format!("không ghi được {}", path.display()))?;
    export_templates(&dir.join("mau"), false)?;
    Ok(())
}
