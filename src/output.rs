//! Safe output: a report is written to a temporary file in the target
//! directory and renamed over the final name, so an interrupted or failed run
//! never leaves a half-written file and an existing report is only replaced by
//! a complete one.
//!
//! A single file is synced to disk before its rename. A batch writes hundreds
//! of files: syncing each one was most of its wall time and a fifth of its
//! CPU, so a batch writes them [`Durability::Deferred`] and syncs the output
//! folder's file system once at the end ([`sync_folder`]), before it reports.

use std::io::Write;
use std::path::{Path, PathBuf};

/// When written files reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Each file is synced before it is renamed into place.
    EachFile,
    /// Files are renamed into place unsynced; the caller calls
    /// [`sync_folder`] when it has written them all (a batch). Where that
    /// is not available (not Unix), this is [`Durability::EachFile`].
    Deferred,
}

impl Durability {
    fn sync_each(self) -> bool {
        self == Durability::EachFile || !cfg!(unix)
    }
}

/// Write `bytes` to `path` atomically (temp file in the same directory, fsync, rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(path, bytes)], Durability::EachFile).map_err(|(_, e)| e)
}

/// Flush to disk everything written under `folder` ([`Durability::Deferred`]
/// files): one `syncfs` of the folder's file system. Elsewhere than Unix the
/// files were synced one by one and this does nothing.
pub fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let dir = std::fs::File::open(folder)?;
        // SAFETY: syncfs only reads the descriptor, which `dir` keeps open.
        if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    // The files were synced one by one; the folder must still exist, as
    // on Unix (a batch reports a vanished output folder as a failure).
    #[cfg(not(unix))]
    if !std::fs::metadata(folder)?.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("{} không phải thư mục (not a folder)", folder.display()),
        ));
    }
    Ok(())
}

/// On Windows, fail now if `path` exists and cannot be replaced: a report
/// open in Word or a PDF viewer (opened without FILE_SHARE_DELETE) makes the
/// rename over it fail, and when that is the DOCX after the PDF was renamed,
/// the report would be half new. Opening it for DELETE, sharing everything,
/// fails the same way (error 32) and changes nothing. Elsewhere a no-op: a
/// Unix rename replaces a file whoever has it open.
fn check_replaceable(path: &Path) -> std::io::Result<()> {
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        /// winnt.h: DELETE access; FILE_SHARE_READ | WRITE | DELETE.
        const DELETE: u32 = 0x0001_0000;
        const SHARE_ALL: u32 = 0x7;
        match std::fs::OpenOptions::new()
            .access_mode(DELETE)
            .share_mode(SHARE_ALL)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    let _ = path;
    Ok(())
}

/// The hidden temporary name of `path`, in its own directory.
fn temp_path(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Write several files as one: every file goes to its temporary name (and is
/// synced, with [`Durability::EachFile`]); only when all are complete are
/// they renamed into place.
/// On failure no temporary file is left, no file is replaced (a rename
/// failing midway, which needs the folder to vanish, is the exception),
/// and the error names the file it concerns.
pub fn write_all_atomic(
    files: &[(&Path, &[u8])],
    durability: Durability,
) -> Result<(), (PathBuf, std::io::Error)> {
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    let cleanup = |temps: &[PathBuf]| {
        for t in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for (path, bytes) in files {
        let tmp = temp_path(path);
        // Listed before creation: a file created but not written is removed too.
        temps.push(tmp.clone());
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            match durability.sync_each() {
                true => f.sync_all(),
                false => Ok(()),
            }
        })();
        if let Err(e) = written {
            cleanup(&temps);
            return Err((path.to_path_buf(), e));
        }
    }
    for (path, _) in files {
        if let Err(e) = check_replaceable(path) {
            cleanup(&temps);
            return Err((path.to_path_buf(), e));
        }
    }
    for (i, (path, _)) in files.iter().enumerate() {
        if let Err(e) = std::fs::rename(&temps[i], path) {
            cleanup(&temps[i..]);
            return Err((path.to_path_buf(), e));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_set_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.pdf");
        let b = dir.path().join("no-such-dir").join("a.docx");
        for durability in [Durability::EachFile, Durability::Deferred] {
            let (failed, _) =
                write_all_atomic(&[(&a, b"pdf"), (&b, b"docx")], durability).unwrap_err();
            assert_eq!(failed, b);
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        }
        let b = dir.path().join("a.docx");
        write_all_atomic(&[(&a, b"pdf"), (&b, b"docx")], Durability::Deferred).unwrap();
        sync_folder(dir.path()).unwrap();
        assert_eq!(std::fs::read(&b).unwrap(), b"docx");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        assert!(sync_folder(&dir.path().join("no-such-dir")).is_err());
    }

    #[test]
    fn failure_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing-dir").join("a.pdf");
        assert!(write_atomic(&p, b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
