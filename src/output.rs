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
use std::sync::{Mutex, MutexGuard};

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
/// files were synced one by one: this only checks the folder is there.
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

/// What ends the name of every temporary file baocao writes: with the
/// leading dot, how [`stale_temps`] knows its own.
pub const TEMP_SUFFIX: &str = ".baocao-tmp";

/// Temporary files being written now, removed by [`remove_live_temps`] when
/// the process is interrupted. The renames into place happen under this
/// lock, so an interrupt either waits for a set of files to be in place or
/// removes its temporary files before any is renamed.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove every temporary file being written and keep the lock: called by
/// an interrupt handler just before it exits the process, so no file is
/// renamed into place after it.
pub fn remove_live_temps_and_hold() -> MutexGuard<'static, Vec<PathBuf>> {
    let mut temps = live();
    for t in temps.drain(..) {
        let _ = std::fs::remove_file(t);
    }
    temps
}

/// A new temporary file beside `path`: a hidden, unpredictable name
/// (`.NAME.XXXXXXXX.baocao-tmp`), created only if no file or link has that
/// name (`O_CREAT|O_EXCL`), so it is never opened through a link someone
/// planted. Registered in [`LIVE`] before it exists.
fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let prefix = format!(".{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(10);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As `File::create`: 0666 less the umask (tempfile's default is 0600).
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temps = live();
    let f = b.tempfile_in(dir)?;
    temps.push(f.path().to_path_buf());
    Ok(f)
}

fn forget_live(paths: &[PathBuf]) {
    live().retain(|p| !paths.contains(p));
}

/// Can a file be renamed onto `path`? Not when it is a folder (or a link
/// to one, which a rename would replace by a file), nor on Windows when
/// another program holds it open ([`check_replaceable`]): checked for every file
/// of a set before the first rename, so the set is written whole or not at
/// all.
fn check_target(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() || (m.file_type().is_symlink() && path.is_dir()) => {
            Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "đã có một thư mục cùng tên (a folder has this name)",
            ))
        }
        _ => check_replaceable(path),
    }
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

/// Write several files as one: every file goes to its temporary file (and is
/// synced, with [`Durability::EachFile`]); only when all are complete, and
/// every target was checked, are they renamed into place.
/// On failure no temporary file is left, no file is replaced (a rename
/// failing midway, which needs the folder to vanish, is the exception),
/// and the error names the file it concerns.
pub fn write_all_atomic(
    files: &[(&Path, &[u8])],
    durability: Durability,
) -> Result<(), (PathBuf, std::io::Error)> {
    for (path, _) in files {
        check_target(path).map_err(|e| (path.to_path_buf(), e))?;
    }
    let mut temps: Vec<tempfile::NamedTempFile> = Vec::with_capacity(files.len());
    let paths = |temps: &[tempfile::NamedTempFile]| -> Vec<PathBuf> {
        temps.iter().map(|t| t.path().to_path_buf()).collect()
    };
    for (path, bytes) in files {
        let written = temp_beside(path).and_then(|mut f| {
            // Kept (and so removed on drop) as soon as it exists.
            let r = f
                .write_all(bytes)
                .and_then(|()| match durability.sync_each() {
                    true => f.as_file().sync_all(),
                    false => Ok(()),
                });
            temps.push(f);
            r
        });
        if let Err(e) = written {
            forget_live(&paths(&temps));
            return Err((path.to_path_buf(), e));
        }
    }
    let mut registered = live();
    let all = paths(&temps);
    // An interrupt removed them (and is ending the process).
    if !all.iter().all(|p| registered.contains(p)) {
        return Err((
            files[0].0.to_path_buf(),
            std::io::Error::new(std::io::ErrorKind::Interrupted, "bị ngắt (interrupted)"),
        ));
    }
    let checked = files
        .iter()
        .try_for_each(|(path, _)| check_target(path).map_err(|e| (path.to_path_buf(), e)));
    let mut result = checked;
    if result.is_ok() {
        for (tmp, (path, _)) in temps.drain(..).zip(files) {
            if let Err(e) = tmp.persist(path) {
                result = Err((path.to_path_buf(), e.error));
                break;
            }
        }
    }
    registered.retain(|p| !all.contains(p));
    drop(registered);
    // Those not renamed are removed as they drop.
    drop(temps);
    result
}

/// A temporary file left in `dir` by an earlier run (killed, or the
/// machine stopped): its path and whether it was removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleTemp {
    pub path: PathBuf,
    pub removed: bool,
}

/// How old a temporary file of ours must be to be removed: a report is
/// written in milliseconds, so one this old is no run's under way.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Is `name` one of our temporary files: `.NAME.XXXXXXXX.baocao-tmp`, or
/// the `.NAME.PID.tmp` of earlier versions?
fn is_our_temp(name: &str) -> bool {
    if !name.starts_with('.') {
        return false;
    }
    if name.ends_with(TEMP_SUFFIX) {
        return true;
    }
    name.strip_suffix(".tmp")
        .and_then(|r| r.rsplit_once('.'))
        .is_some_and(|(stem, pid)| {
            stem.len() > 1 && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Temporary files in `dir` left by an earlier run: each is listed; one
/// that is a regular file of ours, older than [`STALE_AFTER`], is removed
/// (a link or a recent file is only listed: another run may be writing it).
pub fn stale_temps(dir: &Path) -> Vec<StaleTemp> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<StaleTemp> = entries
        .filter_map(|e| e.ok())
        .filter(|e| is_our_temp(&e.file_name().to_string_lossy()))
        .map(|e| {
            let path = e.path();
            let old = std::fs::symlink_metadata(&path).is_ok_and(|m| {
                m.file_type().is_file()
                    && m.modified()
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age >= STALE_AFTER)
            });
            let removed = old && std::fs::remove_file(&path).is_ok();
            StaleTemp { path, removed }
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
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

    #[test]
    fn a_folder_in_the_way_stops_the_set_before_any_rename() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("r.pdf");
        let b = dir.path().join("r.docx");
        std::fs::create_dir(&b).unwrap();
        let (failed, e) =
            write_all_atomic(&[(&a, b"pdf"), (&b, b"docx")], Durability::EachFile).unwrap_err();
        assert_eq!(failed, b);
        assert_eq!(e.kind(), std::io::ErrorKind::IsADirectory);
        assert!(!a.exists(), "no PDF without its DOCX");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // None of this set's temporary files is still registered (other
        // tests write at the same time: only this folder's are ours).
        assert!(!live().iter().any(|p| p.starts_with(dir.path())));
    }

    #[cfg(unix)]
    #[test]
    fn temporary_files_never_go_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"keep").unwrap();
        // Links at every name the old scheme would have used, and more.
        for pid in 0..64 {
            let name = format!(".r.pdf.{}.tmp", std::process::id() + pid);
            std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
        }
        let p = dir.path().join("r.pdf");
        write_atomic(&p, b"report").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        let meta = std::fs::symlink_metadata(&p).unwrap();
        assert!(meta.file_type().is_file(), "a file, not a link");
        assert_eq!(std::fs::read(&p).unwrap(), b"report");
    }

    #[test]
    fn stale_temporary_files_are_listed_and_old_ones_of_ours_removed() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".r.pdf.abcdefghij.baocao-tmp");
        let legacy = dir.path().join(".r.docx.4242.tmp");
        let fresh = dir.path().join(".s.pdf.0123456789.baocao-tmp");
        let other = dir.path().join(".hidden.tmp");
        for p in [&old, &legacy, &fresh, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        let past = std::time::SystemTime::now() - STALE_AFTER * 2;
        for p in [&old, &legacy] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
        let found = stale_temps(dir.path());
        let listed: Vec<(&Path, bool)> = found
            .iter()
            .map(|t| (t.path.as_path(), t.removed))
            .collect();
        assert_eq!(
            listed,
            vec![
                (legacy.as_path(), true),
                (old.as_path(), true),
                (fresh.as_path(), false)
            ]
        );
        assert!(!old.exists() && !legacy.exists());
        assert!(fresh.exists() && other.exists());
    }
}
