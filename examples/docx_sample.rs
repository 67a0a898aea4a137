//! Write the sample report as DOCX: `docx_sample OUT.docx [--filler N] [--renamed]`.
//! `--renamed` embeds copies of the built-in faces whose family is renamed to
//! "Baocaotest Serif" (a name no machine has installed), to prove that a
//! viewer uses the embedded font.

use std::path::PathBuf;

use baocao::document::sample;

/// Replace "Liberation" (ASCII and UTF-16BE) by a same-length name inside the
/// font's `name` table only.
fn rename(font: &[u8], to: &str) -> Vec<u8> {
    assert_eq!(to.len(), "Liberation".len());
    let mut out = font.to_vec();
    let n = u16::from_be_bytes([font[4], font[5]]) as usize;
    for i in 0..n {
        let rec = 12 + 16 * i;
        if &font[rec..rec + 4] == b"name" {
            let off = u32::from_be_bytes(font[rec + 8..rec + 12].try_into().unwrap()) as usize;
            let len = u32::from_be_bytes(font[rec + 12..rec + 16].try_into().unwrap()) as usize;
            let table = &mut out[off..off + len];
            let utf16 = |s: &str| {
                s.encode_utf16()
                    .flat_map(u16::to_be_bytes)
                    .collect::<Vec<u8>>()
            };
            for (from, to) in [
                ("Liberation".as_bytes().to_vec(), to.as_bytes().to_vec()),
                (utf16("Liberation"), utf16(to)),
            ] {
                let mut j = 0;
                while j + from.len() <= table.len() {
                    if table[j..j + from.len()] == from[..] {
                        table[j..j + from.len()].copy_from_slice(&to);
                        j += from.len();
                    } else {
                        j += 1;
                    }
                }
            }
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let mut filler = 0usize;
    let mut renamed = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--filler" => filler = args.next().ok_or("--filler N")?.parse()?,
            "--renamed" => renamed = true,
            _ => out = Some(PathBuf::from(a)),
        }
    }
    let out = out.ok_or("usage: docx_sample OUT.docx [--filler N] [--renamed]")?;
    let mut doc = sample::report(filler);
    let _dir;
    if renamed {
        let dir = tempfile::tempdir()?;
        let set = baocao::fonts::FontSet::builtin();
        let names = ["regular.ttf", "bold.ttf", "italic.ttf", "bold-italic.ttf"];
        for (face, name) in set.faces.iter().zip(names) {
            std::fs::write(dir.path().join(name), rename(&face.data, "Baocaotest"))?;
        }
        doc.settings = doc.settings.changed(|s| {
            let f = &mut s.fonts;
            f.family = "Baocaotest Serif".into();
            f.regular = names[0].into();
            f.bold = names[1].into();
            f.italic = names[2].into();
            f.bold_italic = names[3].into();
            s.base_dir = Some(dir.path().to_path_buf());
        })?;
        _dir = dir;
    }
    let r = baocao::docx::render(&doc)?;
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    baocao::output::write_atomic(&out, &r.bytes)?;
    eprintln!("{}: {} bytes", out.display(), r.bytes.len());
    Ok(())
}
