//! Each consistency rule, firing and not firing.

use baocao::data::load_str;
use baocao::stats::{check, derive, Finding, Severity};

const NHO: &str = include_str!("fixtures/data/nho.yaml");
const KY_ANH: &str = include_str!("../data/ky-anh-2019.yaml");
const MAU: &str = include_str!("../data/mau-12-don-vi.yaml");

/// Warnings and errors (information on unknowns left out: see
/// `unknowns_are_information`).
fn findings(text: &str) -> Vec<Finding> {
    let d = load_str(text, "t.yaml").unwrap_or_else(|e| panic!("{e}"));
    check(&d, &derive(&d))
        .into_iter()
        .filter(|f| f.severity != Severity::Info)
        .collect()
}

#[test]
fn unknowns_are_information() {
    let text = edit(
        NHO,
        "tai_cu: true, kiem_truong_thon: true }",
        "kiem_truong_thon: true }",
    );
    let d = load_str(&text, "t.yaml").unwrap();
    let all = check(&d, &derive(&d));
    let f = at(&all, "don_vi[0].chi_bo[0].bi_thu.tai_cu");
    assert_eq!((f.severity, f.rule), (Severity::Info, "chua-ro"));
    // Nothing unknown in the clean fixture.
    let d = load_str(NHO, "t.yaml").unwrap();
    assert!(check(&d, &derive(&d))
        .iter()
        .all(|f| f.severity != Severity::Info));
}

fn edit(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "fixture lacks {from:?}");
    base.replacen(from, to, 1)
}

/// The one finding at `path` (panics when there is none).
fn at<'a>(f: &'a [Finding], path: &str) -> &'a Finding {
    f.iter()
        .find(|x| x.path == path)
        .unwrap_or_else(|| panic!("no finding at {path}: {f:#?}"))
}

fn none_at(f: &[Finding], path: &str) {
    assert!(f.iter().all(|x| x.path != path), "{f:#?}");
}

#[test]
fn clean_data_has_no_findings() {
    assert_eq!(findings(NHO), vec![]);
    assert_eq!(findings(MAU), vec![]);
}

#[test]
fn article_has_exactly_its_three_inconsistencies() {
    let f = findings(KY_ANH);
    assert_eq!(f.len(), 3, "{f:#?}");
    let fn2 = at(&f, "dang_bo.ket_qua.cap_uy_vien");
    assert_eq!(fn2.rule, "chu-thich-2");
    assert_eq!(fn2.stated.as_deref(), Some("485"));
    assert_eq!(fn2.computed.as_deref(), Some("490"));
    assert!(
        fn2.message.contains("7 × 5 + 145 × 3 + 10 × 2 = 490"),
        "{}",
        fn2.message
    );
    let ntc = at(&f, "dang_bo.ket_qua.thon_tdp.khong_tai_cu.ti_le");
    assert_eq!(ntc.rule, "ti-le");
    assert_eq!(ntc.stated.as_deref(), Some("31,51%"));
    assert_eq!(ntc.computed.as_deref(), Some("32,43% (24/74)"));
    assert!(ntc.message.contains("31,51% là 23/73"), "{}", ntc.message);
    let nu = at(&f, "dang_bo.ket_qua.thon_tdp.chi_bo_co_nu_cap_uy.ti_le");
    assert!(nu.message.contains("32,88% là 24/73"), "{}", nu.message);
    assert!(f.iter().all(|x| x.severity == Severity::Warning));
    // 20/74 = 27,03% is right: no finding.
    none_at(&f, "dang_bo.ket_qua.thon_tdp.kiem_truong_thon.ti_le");
}

#[test]
fn parts_against_wholes() {
    let f = findings(&edit(KY_ANH, "    tong: 32", "    tong: 33"));
    let x = at(&f, "dang_bo.to_chuc_co_so.tong");
    assert_eq!(
        (x.rule, x.stated.as_deref(), x.computed.as_deref()),
        ("tong-bo-phan", Some("33"), Some("32"))
    );
    let f = findings(&edit(KY_ANH, "      tong: 20", "      tong: 21"));
    at(&f, "dang_bo.to_chuc_co_so.truc_thuoc.tong");
    at(&f, "dang_bo.to_chuc_co_so.tong"); // 12 + 21 != 32
    let f = findings(&edit(
        KY_ANH,
        "    thuoc_co_quan: 41",
        "    thuoc_co_quan: 40",
    ));
    at(&f, "dang_bo.chi_bo.tong");
    let f = findings(&edit(
        KY_ANH,
        "chi_bo_doanh_nghiep: 4",
        "chi_bo_doanh_nghiep: 15",
    ));
    assert_eq!(
        at(&f, "dang_bo.to_chuc_co_so.truc_thuoc.chi_bo_doanh_nghiep").severity,
        Severity::Error
    );
    let f = findings(&edit(KY_ANH, "    pho_bi_thu: 162", "    pho_bi_thu: 161"));
    at(&f, "dang_bo.ket_qua.pho_bi_thu");
    let f = findings(&edit(KY_ANH, "    so_chi_bo: 162", "    so_chi_bo: 161"));
    at(&f, "dang_bo.ket_qua.so_chi_bo");
    assert_eq!(
        at(&f, "dang_bo.ket_qua.da_dai_hoi").severity,
        Severity::Error
    ); // 162 held of 161
}

#[test]
fn wards_against_town_structure() {
    let f = findings(&edit(
        MAU,
        "    thuoc_xa_phuong: 110",
        "    thuoc_xa_phuong: 111",
    ));
    let x = at(&f, "dang_bo.chi_bo.thuoc_xa_phuong");
    assert_eq!(
        (x.stated.as_deref(), x.computed.as_deref()),
        (Some("111"), Some("110"))
    );
    let f = findings(&edit(
        MAU,
        "    dang_bo_xa_phuong: 12",
        "    dang_bo_xa_phuong: 13",
    ));
    at(&f, "dang_bo.to_chuc_co_so.dang_bo_xa_phuong");
}

#[test]
fn stated_percentages() {
    let f = findings(&edit(KY_ANH, "\"27,03%\"", "\"27,5%\""));
    at(&f, "dang_bo.ket_qua.thon_tdp.kiem_truong_thon.ti_le");
    let f = findings(&edit(KY_ANH, "\"27,03%\"", "127"));
    let x = at(&f, "dang_bo.ket_qua.thon_tdp.kiem_truong_thon.ti_le");
    assert_eq!(x.severity, Severity::Error);
    let f = findings(&edit(KY_ANH, "so: 20, tren: 74", "so: 20, tren: 0"));
    assert_eq!(
        at(&f, "dang_bo.ket_qua.thon_tdp.kiem_truong_thon.tren").severity,
        Severity::Error
    );
    let f = findings(&edit(
        KY_ANH,
        "so: 20, tren: 74, ti_le: \"27,03%\"",
        "so: 80, tren: 74",
    ));
    assert_eq!(
        at(&f, "dang_bo.ket_qua.thon_tdp.kiem_truong_thon.so").severity,
        Severity::Error
    );
    // A plain number works as well as "31,51%".
    let f = findings(&edit(KY_ANH, "\"27,03%\"", "27.03"));
    none_at(&f, "dang_bo.ket_qua.thon_tdp.kiem_truong_thon.ti_le");
}

#[test]
fn footnote_two_fires_only_when_it_does_not_add_up() {
    let f = findings(&edit(KY_ANH, "cap_uy_vien: 485", "cap_uy_vien: 490"));
    none_at(&f, "dang_bo.ket_qua.cap_uy_vien");
    let f = findings(&edit(
        KY_ANH,
        "chi_bo_khong_chi_uy: 10",
        "chi_bo_khong_chi_uy: 200",
    ));
    assert!(f
        .iter()
        .any(|x| x.rule == "chu-thich-2" && x.severity == Severity::Error));
}

#[test]
fn stated_ages() {
    let f = findings(&edit(KY_ANH, "cao_nhat: 72", "cao_nhat: 73"));
    let x = at(&f, "dang_bo.ket_qua.thon_tdp.tuoi_bi_thu.cao_nhat");
    assert_eq!((x.rule, x.computed.as_deref()), ("tuoi", Some("72")));
    let f = findings(&edit(KY_ANH, "binh_quan: 57", "binh_quan: 80"));
    assert_eq!(
        at(&f, "dang_bo.ket_qua.thon_tdp.tuoi_bi_thu.binh_quan").severity,
        Severity::Error
    );
}

#[test]
fn stated_totals_against_detail() {
    let both = edit(
        NHO,
        "    loai: phuong\n",
        "    loai: phuong\n    tong_hop: { bi_thu: 4, cap_uy_vien: 18 }\n",
    );
    let f = findings(&both);
    let x = at(&f, "don_vi[0].tong_hop.cap_uy_vien");
    assert_eq!(
        (x.rule, x.stated.as_deref(), x.computed.as_deref()),
        ("neu-vs-tinh", Some("18"), Some("17"))
    );
    none_at(&f, "don_vi[0].tong_hop.bi_thu");
    // Town totals against the sum of its wards.
    let town = edit(
        NHO,
        "  ten: Đảng bộ thị xã Mẫu\n",
        "  ten: Đảng bộ thị xã Mẫu\n  ket_qua: { so_chi_bo: 15, bi_thu: 15 }\n",
    );
    let f = findings(&town);
    none_at(&f, "dang_bo.ket_qua.so_chi_bo");
    let x = at(&f, "dang_bo.ket_qua.bi_thu");
    assert_eq!(
        (x.stated.as_deref(), x.computed.as_deref()),
        (Some("15"), Some("14"))
    );
}

#[test]
fn impossible_cell_values() {
    let cases = [
        (
            "        chi_uy_vien: 7\n",
            "        chi_uy_vien: 9\n",
            "don_vi[0].chi_bo[3].chi_uy_vien",
            Severity::Error,
        ),
        (
            "        dang_vien_chinh_thuc: 12\n",
            "        dang_vien_chinh_thuc: 13\n",
            "don_vi[0].chi_bo[2].dang_vien_chinh_thuc",
            Severity::Error,
        ),
        (
            "        chi_uy_vien: 3\n",
            "        chi_uy_vien: 2\n",
            "don_vi[0].chi_bo[2].chi_uy_vien",
            Severity::Error,
        ),
        (
            "        chi_uy_vien: 0\n        nu_cap_uy: 0",
            "        chi_uy_vien: 5\n        nu_cap_uy: 0",
            "don_vi[0].chi_bo[1].chi_uy_vien",
            Severity::Warning,
        ),
        (
            "        nu_cap_uy: 1\n",
            "        nu_cap_uy: 4\n",
            "don_vi[0].chi_bo[2].nu_cap_uy",
            Severity::Error,
        ),
        (
            "        nu_cap_uy: 1\n",
            "        nu_cap_uy: 0\n",
            "don_vi[0].chi_bo[2].nu_cap_uy",
            Severity::Warning,
        ),
        (
            "nam_sinh: 1985",
            "nam_sinh: 2020",
            "don_vi[0].chi_bo[1].bi_thu.nam_sinh",
            Severity::Error,
        ),
        (
            "nam_sinh: 1985",
            "nam_sinh: 2005",
            "don_vi[0].chi_bo[1].bi_thu.nam_sinh",
            Severity::Error,
        ),
        (
            "ngay_dai_hoi: 2019-07-03",
            "ngay_dai_hoi: 2019-09-03",
            "don_vi[0].chi_bo[2].ngay_dai_hoi",
            Severity::Warning,
        ),
        (
            "- ten: TDP 2",
            "- ten: TDP 1",
            "don_vi[0].chi_bo[1].ten",
            Severity::Warning,
        ),
        ("  - ma: b", "  - ma: a", "don_vi[1].ma", Severity::Error),
    ];
    for (from, to, path, sev) in cases {
        let f = findings(&edit(NHO, from, to));
        let x = at(&f, path);
        assert_eq!(x.severity, sev, "{x}");
        assert_eq!(f.len(), 1, "{from:?} -> {to:?}: {f:#?}");
    }
}

#[test]
fn more_impossible_values() {
    // A re-elected secretary in a cell with no previous secretary.
    let t = edit(
        NHO,
        "        dai_hoi_diem: true\n",
        "        dai_hoi_diem: true\n        so_bi_thu_cu: 0\n",
    );
    assert_eq!(
        at(&findings(&t), "don_vi[0].chi_bo[0].bi_thu.tai_cu").severity,
        Severity::Error
    );
    // Results without a congress date.
    let t = edit(NHO, "        ngay_dai_hoi: 2019-07-03\n", "");
    at(&findings(&t), "don_vi[0].chi_bo[2].ngay_dai_hoi");
    // A held congress without a secretary: unknown, listed as information.
    let t = edit(
        NHO,
        "        bi_thu: { ho_ten: Lê Văn C, gioi_tinh: nam, nam_sinh: 1985, tai_cu: false }\n",
        "",
    );
    let d = load_str(&t, "t.yaml").unwrap();
    let all = check(&d, &derive(&d));
    assert_eq!(
        at(&all, "don_vi[0].chi_bo[1].bi_thu").severity,
        Severity::Info
    );
    // A ward with neither cells nor totals.
    let t = format!("{NHO}  - ma: c\n    ten: C\n    loai: xa\n");
    assert_eq!(at(&findings(&t), "don_vi[2]").rule, "thieu");
}

#[test]
fn findings_display_and_serialize() {
    let f = findings(KY_ANH);
    let s = f[0].to_string();
    assert!(
        s.starts_with("cảnh báo [chu-thich-2] `dang_bo.ket_qua.cap_uy_vien`"),
        "{s}"
    );
    assert!(s.contains("ghi: 485; tính được: 490"), "{s}");
    let v = serde_json::to_value(&f[0]).unwrap();
    assert_eq!(v["severity"], "warning");
    assert_eq!(v["stated"], "485");
}

#[test]
fn ward_order() {
    // All units numbered: sorted by `thu_tu` on load.
    let t = edit(
        NHO,
        "    loai: phuong\n",
        "    loai: phuong\n    thu_tu: 2\n",
    );
    let t = edit(&t, "    loai: xa\n", "    loai: xa\n    thu_tu: 1\n");
    let d = load_str(&t, "t.yaml").unwrap();
    assert_eq!(d.don_vi[0].ma, "b");
    assert_eq!(derive(&d).don_vi[0].ma, "b");
    assert_eq!(findings(&t), vec![]);
    // Some numbered: file order kept, a warning.
    let t = edit(NHO, "    loai: xa\n", "    loai: xa\n    thu_tu: 1\n");
    let d = load_str(&t, "t.yaml").unwrap();
    assert_eq!(d.don_vi[0].ma, "a");
    assert_eq!(at(&findings(&t), "don_vi").rule, "thu-tu");
    // Repeated.
    let t = edit(
        NHO,
        "    loai: phuong\n",
        "    loai: phuong\n    thu_tu: 1\n",
    );
    let t = edit(&t, "    loai: xa\n", "    loai: xa\n    thu_tu: 1\n");
    assert_eq!(at(&findings(&t), "don_vi[1].thu_tu").rule, "thu-tu");
}

/// Every plain number after ": " replaced by `to` (dates untouched).
fn all_numbers(text: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(": ") {
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        let n = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if n > 0 && !rest[n..].starts_with('-') {
            out.push_str(to);
            rest = &rest[n..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn absurd_values_never_panic() {
    let t = all_numbers(NHO, &u32::MAX.to_string())
        .replace(&format!("nam_sinh: {}", u32::MAX), "nam_sinh: -2147483648")
        .replace(
            &format!("_cao_nhat: {}", u32::MAX),
            "_cao_nhat: -2147483648",
        )
        .replace(
            &format!("_thap_nhat: {}", u32::MAX),
            "_thap_nhat: 2147483647",
        );
    let d = load_str(&t, "t.yaml").unwrap_or_else(|e| panic!("{e}"));
    let s = derive(&d);
    let f = check(&d, &s);
    assert!(f.iter().any(|x| x.severity == Severity::Error));
    let _ = format!("{}", f[0]);
    // Stats from another dataset: no panic either.
    let other = load_str(KY_ANH, "k.yaml").unwrap();
    let _ = check(&d, &derive(&other));
    let t = all_numbers(KY_ANH, &u32::MAX.to_string())
        .replace(
            &format!("_cao_nhat: {}", u32::MAX),
            "_cao_nhat: -2147483648",
        )
        .replace(
            &format!("_thap_nhat: {}", u32::MAX),
            "_thap_nhat: 2147483647",
        );
    let d = load_str(&t, "t.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert!(!check(&d, &derive(&d)).is_empty());
}

#[test]
fn town_results_over_wards_check_clean_when_consistent() {
    // With wards, `ket_qua` covers the wards' cells: 110 is their sum and
    // `thuoc_xa_phuong`, while `chi_bo.tong` (151) adds the agencies' cells.
    let f = findings(&edit(
        MAU,
        "  dang_vien: 5032\n",
        "  dang_vien: 5032\n  ket_qua: { so_chi_bo: 110, da_dai_hoi: 110, bi_thu: 110, pho_bi_thu: 110 }\n",
    ));
    assert_eq!(f, vec![]);
    // Either number wrong is still caught, by one rule each.
    let f = findings(&edit(
        MAU,
        "  dang_vien: 5032\n",
        "  dang_vien: 5032\n  ket_qua: { so_chi_bo: 151 }\n",
    ));
    let x = at(&f, "dang_bo.ket_qua.so_chi_bo");
    assert_eq!(x.computed.as_deref(), Some("110"), "{f:#?}");
    let f = findings(&edit(
        &edit(
            MAU,
            "  dang_vien: 5032\n",
            "  dang_vien: 5032\n  ket_qua: { so_chi_bo: 110 }\n",
        ),
        "    thuoc_xa_phuong: 110",
        "    thuoc_xa_phuong: 109",
    ));
    at(&f, "dang_bo.chi_bo.thuoc_xa_phuong");
}

/// A finding as a diagnostic keeps its text, rule, place and severity.
#[test]
fn findings_are_diagnostics_with_the_same_text() {
    let f = findings(KY_ANH);
    assert!(f.len() >= 3, "{f:#?}");
    for x in &f {
        let d = x.diagnostic();
        assert_eq!(format!("{} {d}", x.severity), x.to_string());
        assert_eq!(d.code.as_deref(), Some(x.rule));
        assert_eq!(
            d.location.as_ref().and_then(|l| l.field_path()),
            Some(x.path.as_str())
        );
        assert_eq!(d.severity, x.severity);
        assert_eq!(
            d.line(),
            format!("cảnh báo (warning): {d}"),
            "the sample's findings are warnings"
        );
    }
    assert!(f.iter().all(|x| x.severity == Severity::Warning));
}
