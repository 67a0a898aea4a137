//! Keeps the DOCX files tests render, for the OOXML validator: when
//! `BAOCAO_AUDIT_DIR` is set, [`keep`] writes each one there, named after the
//! test binary, the test (the thread's name) and a hash of the bytes, so the
//! same output rendered twice is kept once (tests/ci/docx-audit.sh sets the
//! variable, runs the DOCX tests and validates the folder). Unset, it does
//! nothing.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;

/// Write `bytes` into `$BAOCAO_AUDIT_DIR`, if the variable is set.
pub fn keep(bytes: &[u8]) {
    let Some(dir) = std::env::var_os("BAOCAO_AUDIT_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("BAOCAO_AUDIT_DIR can be created");
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|s| s.split('-').next().unwrap_or("test").to_string())
        .unwrap_or_else(|| "test".into());
    let test = std::thread::current()
        .name()
        .unwrap_or("main")
        .rsplit("::")
        .next()
        .unwrap_or("main")
        .to_string();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    let path = dir.join(format!("{binary}-{test}-{:016x}.docx", h.finish()));
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
