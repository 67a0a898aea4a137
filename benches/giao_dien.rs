//! The page's server under load (`cargo bench --bench giao_dien`): the
//! release binary's `giao-dien` driven over HTTP on 127.0.0.1, as the page's
//! script drives it.
//! - upload + first preview of the sample town report (ky-anh-2019.yaml),
//!   and of the 12-unit workbook's town report, wall time, 20 rounds;
//! - 20 preview requests at once, all answered;
//! - 1,000 previews one after another (every report of the 12-unit sample
//!   in turn): the server's resident memory after 100, 250, 500, 750, 1,000,
//!   and its CPU per preview (/proc/PID/stat).

#[path = "../tests/web_support/mod.rs"]
mod web_support;

use std::time::Instant;

use web_support::*;

fn proc_stat(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss_kb = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 (utime, stime) are 12 and 13 after the ")".
    let ticks = f.get(11).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
        + f.get(12).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    (rss_kb, ticks)
}

fn upload(server: &Server, name: &str, bytes: &[u8]) -> String {
    let r = request(
        server.port,
        "POST",
        &format!("/api/tai-len?ten={name}"),
        &[],
        bytes,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["phien"].as_str().unwrap().to_string()
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let bin = env!("CARGO_BIN_EXE_baocao");
    let o = std::process::Command::new(bin)
        .args(["chuyen", "data/mau-12-don-vi.yaml"])
        .arg(w.join("mau.xlsx"))
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let server = Server::start(&[], &w.join("tmp"));
    let pid = server.child.id();
    let inputs = [
        (
            "ky-anh-2019.yaml",
            std::fs::read(root().join("data/ky-anh-2019.yaml")).unwrap(),
        ),
        ("mau.xlsx", std::fs::read(w.join("mau.xlsx")).unwrap()),
    ];
    for (name, bytes) in &inputs {
        let mut upload_ms = Vec::new();
        let mut first_ms = Vec::new();
        let mut pages = 0;
        for _ in 0..20 {
            let t = Instant::now();
            let id = upload(&server, name, bytes);
            let u = t.elapsed();
            let r = server.get(&format!("/api/phien/{id}/xem"));
            assert_eq!(r.status, 200, "{}", r.text());
            pages = r.json()["trang"].as_array().unwrap().len();
            upload_ms.push(ms(u));
            first_ms.push(ms(t.elapsed()));
        }
        upload_ms.sort_by(f64::total_cmp);
        first_ms.sort_by(f64::total_cmp);
        println!(
            "{name}: upload {:.1} ms (median), upload + first town preview ({pages} pages) median {:.1} ms, max {:.1} ms (20 rounds)",
            upload_ms[10], first_ms[10], first_ms[19]
        );
    }

    let id = upload(&server, "mau.xlsx", &inputs[1].1);
    let units: Vec<String> = server.get(&format!("/api/phien/{id}")).json()["bao_cao"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["ma"].as_str().unwrap().to_string())
        .collect();
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b == b'-' {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };

    // 20 at once.
    let t = Instant::now();
    let port = server.port;
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let target = format!(
                "/api/phien/{id}/xem?don-vi={}",
                enc(&units[i % units.len()])
            );
            std::thread::spawn(move || request(port, "GET", &target, &[], &[]).status)
        })
        .collect();
    let ok = threads
        .into_iter()
        .map(|t| t.join().unwrap())
        .filter(|s| *s == 200)
        .count();
    println!(
        "20 concurrent previews: {ok}/20 answered 200 in {:.0} ms wall",
        ms(t.elapsed())
    );

    // 1,000 in a row.
    let (rss0, cpu0) = proc_stat(pid);
    println!("before the 1,000 previews: RSS {} KB", rss0);
    let t = Instant::now();
    let tick = 100.0; // USER_HZ on Linux
    for i in 1..=1000 {
        let target = format!(
            "/api/phien/{id}/xem?don-vi={}",
            enc(&units[i % units.len()])
        );
        let r = server.get(&target);
        assert_eq!(r.status, 200);
        if [100, 250, 500, 750, 1000].contains(&i) {
            let (rss, _) = proc_stat(pid);
            println!("after {i:>4} previews: RSS {rss} KB");
        }
    }
    let (_, cpu1) = proc_stat(pid);
    println!(
        "1,000 previews (13 reports in turn): {:.2} ms wall each, server CPU {:.2} ms each",
        ms(t.elapsed()) / 1000.0,
        (cpu1 - cpu0) as f64 / tick * 1000.0 / 1000.0
    );
}
