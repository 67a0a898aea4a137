//! `cargo bench --bench sheet [-- ITER]`: loading the same data as YAML, as
//! an xlsx workbook, as an ods workbook (when LibreOffice is installed) and
//! as a CSV folder; median of ITER runs (default 5) after a warm-up. The data
//! is `baocao sinh-du-lieu --wards 1000 --cells 10 --seed 1` (10,000 cells);
//! "load" is `data::load_file` (file -> checked `Dataset`), as `check` and
//! `render` do it. Issue #13.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

fn time<T>(iters: usize, mut f: impl FnMut() -> T) -> (f64, f64) {
    black_box(f());
    let mut v: Vec<f64> = (0..iters)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0])
}

fn size(p: &Path) -> u64 {
    if p.is_dir() {
        std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum()
    } else {
        std::fs::metadata(p).unwrap().len()
    }
}

fn main() {
    let iters: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5);
    let (wards, cells) = (1000, 10);
    let dir = std::env::temp_dir().join(format!("baocao-sheet-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let yaml = dir.join("du-lieu.yaml");
    std::fs::write(&yaml, baocao::cli::synth::generate(wards, cells, 1)).unwrap();
    let data = baocao::data::load_file(&yaml).unwrap();
    let xlsx = dir.join("du-lieu.xlsx");
    std::fs::write(&xlsx, baocao::data::sheet::write::workbook(&data).unwrap()).unwrap();
    // A CSV folder of the same sheets.
    let csv = dir.join("csv");
    std::fs::create_dir_all(&csv).unwrap();
    for g in baocao::data::sheet::workbook::grids(&xlsx).unwrap() {
        let mut w = csv::Writer::from_path(csv.join(format!("{}.csv", g.name))).unwrap();
        let width = g.rows.iter().map(Vec::len).max().unwrap_or(0);
        for row in &g.rows {
            let mut rec: Vec<String> = row
                .iter()
                .map(|c| baocao::data::sheet::cell::text(c).unwrap_or_default())
                .collect();
            rec.resize(width, String::new());
            w.write_record(&rec).unwrap();
        }
    }
    std::fs::remove_file(csv.join("Hướng dẫn.csv")).ok();
    // LibreOffice's ods of the same workbook, if it is installed.
    let ods = dir.join("du-lieu.ods");
    let _ = std::process::Command::new("soffice")
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}/lo", dir.display()))
        .args(["--convert-to", "ods", "--outdir"])
        .arg(&dir)
        .arg(&xlsx)
        .output();
    println!(
        "{wards} wards x {cells} cells, load_file (file -> checked Dataset), median of {iters}:"
    );
    let mut inputs = vec![("YAML", yaml.clone()), ("xlsx", xlsx), ("CSV folder", csv)];
    if ods.exists() {
        inputs.push(("ods (saved by LibreOffice)", ods));
    }
    for (name, path) in &inputs {
        let same = yaml_serde::to_string(&baocao::data::load_file(path).unwrap()).unwrap()
            == yaml_serde::to_string(&data).unwrap();
        assert!(same, "{name} loads a different model");
    }
    // Interleaved (one run of each input per round), so that a change in
    // the machine's load hits every input alike.
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); inputs.len()];
    for _ in 0..=iters {
        for (i, (_, path)) in inputs.iter().enumerate() {
            let t = Instant::now();
            black_box(baocao::data::load_file(path).unwrap());
            times[i].push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    for ((name, path), mut v) in inputs.iter().zip(times) {
        v.remove(0); // warm-up
        v.sort_by(f64::total_cmp);
        println!(
            "  {name:<28} {:>9.1} ms  (min {:>8.1})  {:>8.1} KB",
            v[v.len() / 2],
            v[0],
            size(path) as f64 / 1024.0
        );
    }
    // Where the xlsx time goes.
    let xlsx = &inputs[1].1;
    let file = xlsx.display().to_string();
    let grids = baocao::data::sheet::workbook::grids(xlsx).unwrap();
    let stage =
        |name: &str, t: (f64, f64)| println!("    {name:<26} {:>9.1} ms  (min {:>8.1})", t.0, t.1);
    stage(
        "xlsx: calamine -> grids",
        time(iters, || {
            baocao::data::sheet::workbook::grids(xlsx).unwrap()
        }),
    );
    stage(
        "xlsx: grids -> YAML tree",
        time(iters, || {
            baocao::data::sheet::read::read(&grids, &file).unwrap()
        }),
    );
    stage(
        "xlsx: grids -> Dataset",
        time(iters, || {
            let mut r = baocao::data::sheet::read::read(&grids, &file).unwrap();
            baocao::data::sheet::read::dataset(&mut r, &file).unwrap()
        }),
    );
    let (median, min) = time(iters, || {
        baocao::data::sheet::write::workbook(&data).unwrap()
    });
    println!(
        "  {:<28} {median:>9.1} ms  (min {min:>8.1})",
        "write xlsx (chuyen, init)"
    );
    std::fs::remove_dir_all(&dir).ok();
}
