//! Data sessions: one per file a page uploaded (or the file given on the
//! command line), each loaded once with the command line's reader and
//! kept in memory with its figures and findings. Several tabs each have
//! their own. At most [`KEPT`] uploads are kept; the oldest goes first.
//!
//! An upload is written into its own folder of the server's private
//! temporary folder, under the name the clerk's file has, and read from
//! there by exactly the code `baocao check|render FILE` runs: the same
//! size and memory caps, the same messages, the same report files (their
//! names come from the data file's name). Messages show the file name, not
//! the temporary folder. A `.zip` of CSV files becomes a folder of CSV
//! files, which the command line reads the same way.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use crate::data::sheet::read::Locator;
use crate::data::{Dataset, MAX_FILE_BYTES};
use crate::stats::{self, Finding, Stats};

/// Uploaded sessions kept at once (each holds its data in memory).
pub const KEPT: usize = 8;

/// Extensions a page may upload: workbooks, YAML, a zip of CSV files.
pub const UPLOAD_EXTENSIONS: [&str; 8] =
    ["xlsx", "xlsm", "xls", "xlsb", "ods", "yaml", "yml", "zip"];

/// CSV files read from one zip at most.
const MAX_ZIP_FILES: usize = 64;

/// A data file as loaded: the dataset, its figures and findings.
pub struct Loaded {
    pub data: Dataset,
    pub stats: Stats,
    pub findings: Vec<Finding>,
    pub locator: Option<Arc<Locator>>,
}

/// One data file and what it holds.
pub struct Session {
    pub id: String,
    /// The file's name as the clerk knows it (`du-lieu.xlsx`).
    pub name: String,
    /// What the command line's functions read (a file, or a CSV folder).
    pub path: PathBuf,
    /// The temporary folder's path as messages print it, hidden from them.
    hide: Option<String>,
    /// The folder removed with the session (uploads only).
    own_dir: Option<PathBuf>,
    content: RwLock<Arc<Result<Loaded, String>>>,
}

impl Session {
    /// The data as last loaded, or the message of why it did not load.
    pub fn content(&self) -> Arc<Result<Loaded, String>> {
        match self.content.read() {
            Ok(c) => c.clone(),
            Err(e) => e.into_inner().clone(),
        }
    }

    /// Load the file again (the start file changed on disk).
    pub fn reload(&self) {
        let fresh = Arc::new(self.load());
        match self.content.write() {
            Ok(mut c) => *c = fresh,
            Err(e) => *e.into_inner() = fresh,
        }
    }

    fn load(&self) -> Result<Loaded, String> {
        load(&self.path).map_err(|m| self.clean(&m))
    }

    /// `message` without the temporary folder's path: `du-lieu.xlsx: trang
    /// chi_bo, ô F12 ...` as `baocao check du-lieu.xlsx` prints it.
    pub fn clean(&self, message: &str) -> String {
        match &self.hide {
            Some(h) => message.replace(h.as_str(), ""),
            None => message.to_string(),
        }
    }
}

impl Session {
    /// Where the page's "Lưu vào thư mục" writes: a folder beside the data
    /// file when the file was named on the command line or dropped on the
    /// program; for a file chosen in the browser (its folder is unknown to
    /// the server) a folder under the user's Documents. `None` when neither
    /// is known.
    pub fn save_dir(&self) -> Option<PathBuf> {
        let stem = Path::new(&self.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "du-lieu".into());
        let folder = format!("{stem} - báo cáo");
        match &self.own_dir {
            None => {
                let abs = std::path::absolute(&self.path).ok()?;
                Some(abs.parent()?.join(folder))
            }
            Some(_) => Some(documents_dir()?.join("baocao").join(folder)),
        }
    }
}

/// The user's Documents folder (`%USERPROFILE%\Documents` on Windows,
/// `$HOME/Documents` elsewhere; the home folder when it has none).
/// A Vietnamese Windows shows it as "Tài liệu" but names it "Documents".
fn documents_dir() -> Option<PathBuf> {
    let var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    let home = PathBuf::from(std::env::var_os(var).filter(|v| !v.is_empty())?);
    let docs = home.join("Documents");
    Some(if docs.is_dir() { docs } else { home })
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(dir) = &self.own_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Load, derive and check, as `baocao check` does.
fn load(path: &Path) -> Result<Loaded, String> {
    let (data, locator) = crate::cli::load_located(path).map_err(|e| e.to_string())?;
    let stats = stats::derive(&data);
    let findings = stats::check(&data, &stats);
    Ok(Loaded {
        data,
        stats,
        findings,
        locator,
    })
}

/// The sessions, most recently used last.
#[derive(Default)]
pub struct Sessions {
    list: Mutex<Vec<Arc<Session>>>,
    /// The start file's session: never dropped.
    pinned: Mutex<Option<Arc<Session>>>,
}

impl Sessions {
    /// The session of a data file named on the command line.
    pub fn add_file(&self, path: &Path) -> Arc<Session> {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let session = Session {
            id: super::state::random_hex(12),
            name,
            path: path.to_path_buf(),
            hide: None,
            own_dir: None,
            content: RwLock::new(Arc::new(Err(String::new()))),
        };
        session.reload();
        let session = Arc::new(session);
        if let Ok(mut p) = self.pinned.lock() {
            *p = Some(session.clone());
        }
        session
    }

    /// The session `id`, marked as just used.
    pub fn get(&self, id: &str) -> Option<Arc<Session>> {
        if let Ok(p) = self.pinned.lock() {
            if let Some(s) = p.as_ref().filter(|s| s.id == id) {
                return Some(s.clone());
            }
        }
        let mut list = self.list.lock().ok()?;
        let i = list.iter().position(|s| s.id == id)?;
        let s = list.remove(i);
        list.push(s.clone());
        Some(s)
    }

    /// A new session for an uploaded file `name` with `bytes`, in its own
    /// folder under `scratch`. The error is the message for the page.
    pub fn add_upload(
        &self,
        scratch: &Path,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<Arc<Session>, String> {
        let name = safe_name(name)?;
        let id = super::state::random_hex(12);
        let dir = scratch.join(&id);
        // A new folder: never one that exists, nor a link.
        std::fs::create_dir(&dir).map_err(|e| format!("không tạo được thư mục tạm: {e}"))?;
        let hide = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
        let placed = place(&dir, &name, bytes);
        let session = Session {
            id,
            name,
            path: placed.clone().unwrap_or_default(),
            hide: Some(hide),
            own_dir: Some(dir),
            content: RwLock::new(Arc::new(Err(String::new()))),
        };
        // Dropping the session on an error removes its folder.
        let path = placed.map_err(|m| session.clean(&m))?;
        debug_assert_eq!(path, session.path);
        session.reload();
        if let Err(m) = session.content().as_ref() {
            return Err(m.clone());
        }
        let session = Arc::new(session);
        let mut list = self
            .list
            .lock()
            .map_err(|_| "lỗi nội bộ (lock)".to_string())?;
        list.push(session.clone());
        while list.len() > KEPT {
            list.remove(0);
        }
        Ok(session)
    }
}

/// The file name to keep: the last part of what the browser sent, not
/// hidden, no control characters, one of [`UPLOAD_EXTENSIONS`].
pub fn safe_name(raw: &str) -> Result<String, String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let base = crate::data::normalize(base);
    let bad = base.is_empty()
        || base.starts_with('.')
        || base.len() > 200
        || base
            .chars()
            .any(|c| c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'));
    let ext = Path::new(&base)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if bad || !UPLOAD_EXTENSIONS.contains(&ext.as_str()) {
        return Err(format!(
            "«{}»: không đọc được loại tệp này; hãy chọn bảng tính (.xlsx, .xlsm, .xls, .ods), tệp YAML (.yaml) hoặc tệp .zip chứa các tệp CSV (unsupported file)",
            raw.chars().filter(|c| !c.is_control()).take(200).collect::<String>()
        ));
    }
    Ok(base)
}

/// Write the upload into `dir`: the file itself, or for a zip its CSV
/// files into a folder named after it. Returns what the reader reads.
fn place(dir: &Path, name: &str, bytes: Vec<u8>) -> Result<PathBuf, String> {
    let is_zip = name.to_ascii_lowercase().ends_with(".zip");
    if !is_zip {
        let path = dir.join(name);
        write_new(&path, &bytes)
            .map_err(|e| format!("{}: không ghi được tệp tạm: {e}", path.display()))?;
        return Ok(path);
    }
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "du-lieu".into());
    let folder = dir.join(&stem);
    std::fs::create_dir(&folder).map_err(|e| format!("không tạo được thư mục tạm: {e}"))?;
    unzip_csv(&folder, name, bytes)?;
    Ok(folder)
}

/// Every `.csv` file of the zip, by its own name (folders inside the zip
/// are ignored), into `folder`; capped like a CSV folder on the command line.
fn unzip_csv(folder: &Path, name: &str, bytes: Vec<u8>) -> Result<(), String> {
    let bad = |e: String| format!("{name}: không đọc được tệp zip: {e} (not a readable zip)");
    let mut zip =
        zip9::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut total: u64 = 0;
    let mut count = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| bad(e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let raw = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let base = raw.rsplit(['/', '\\']).next().unwrap_or("").to_string();
        if raw.contains("__MACOSX")
            || base.starts_with('.')
            || !base.to_ascii_lowercase().ends_with(".csv")
        {
            continue;
        }
        let base =
            safe_csv_name(&base).ok_or_else(|| bad(format!("tên tệp không hợp lệ «{raw}»")))?;
        count += 1;
        if count > MAX_ZIP_FILES {
            return Err(bad(format!("quá nhiều tệp CSV (tối đa {MAX_ZIP_FILES})")));
        }
        let left = MAX_FILE_BYTES.saturating_sub(total);
        if entry.size() > left {
            return Err(bad(format!(
                "các tệp CSV quá lớn, tối đa {} MB (too large)",
                MAX_FILE_BYTES >> 20
            )));
        }
        let mut data = Vec::with_capacity(entry.size() as usize);
        (&mut entry)
            .take(left + 1)
            .read_to_end(&mut data)
            .map_err(|e| bad(format!("{raw}: {e}")))?;
        if data.len() as u64 > left {
            return Err(bad(format!(
                "các tệp CSV quá lớn, tối đa {} MB (too large)",
                MAX_FILE_BYTES >> 20
            )));
        }
        total += data.len() as u64;
        let path = folder.join(&base);
        write_new(&path, &data).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => bad(format!("hai tệp cùng tên {base}")),
            _ => bad(format!("không ghi được tệp tạm: {e}")),
        })?;
    }
    if count == 0 {
        return Err(bad(
            "không có tệp .csv nào (van_ban.csv, dang_bo.csv, ...) (no CSV file)".into(),
        ));
    }
    Ok(())
}

fn safe_csv_name(base: &str) -> Option<String> {
    let ok = !base.is_empty()
        && base.len() <= 200
        && !base
            .chars()
            .any(|c| c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'));
    ok.then(|| crate::data::normalize(base))
}

/// Create `path` (never an existing file or a link) and write `bytes`.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_name_with_a_data_extension_is_kept() {
        assert_eq!(
            safe_name("C:\\Users\\x\\Dữ liệu.xlsx").unwrap(),
            "Dữ liệu.xlsx"
        );
        assert_eq!(safe_name("../../etc/du-lieu.yaml").unwrap(), "du-lieu.yaml");
        for bad in [
            "",
            "..",
            ".hidden.xlsx",
            "a.exe",
            "x/../",
            "a\u{7}.xlsx",
            "c:x.xlsx",
            "a.xlsx::$DATA",
        ] {
            assert!(safe_name(bad).is_err(), "{bad}");
        }
    }
}
