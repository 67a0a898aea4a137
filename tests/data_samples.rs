//! The sample data files load.

use std::path::Path;

#[test]
fn article_sample_loads() {
    let d = baocao::data::load_file(Path::new("data/ky-anh-2019.yaml")).unwrap();
    assert_eq!(d.van_ban.so_ky_hieu, "05-BC/Th.U");
    assert_eq!(d.dang_bo.dang_vien, Some(4283));
    assert!(d.don_vi.is_empty());
    assert_eq!(d.dang_bo.noi_dung.bai_hoc.len(), 5);
}

#[test]
fn twelve_unit_sample_loads() {
    let d = baocao::data::load_file(Path::new("data/mau-12-don-vi.yaml")).unwrap();
    assert_eq!(d.don_vi.len(), 12);
    assert_eq!(d.ward("ky-ha").unwrap().ten, "Kỳ Hà");
    for w in &d.don_vi {
        let n = w.chi_bo.as_ref().unwrap().len();
        assert!((6..=12).contains(&n), "{}: {n}", w.ma);
    }
}

#[test]
fn datasets_round_trip_through_yaml() {
    for path in ["data/ky-anh-2019.yaml", "data/mau-12-don-vi.yaml"] {
        let d = baocao::data::load_file(Path::new(path)).unwrap();
        let yaml = yaml_serde::to_string(&d).unwrap();
        let again = baocao::data::load_str(&yaml, "again.yaml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            serde_json::to_value(&again).unwrap()
        );
    }
}

#[test]
fn twelve_units_are_the_real_names_in_order() {
    let d = baocao::data::load_file(Path::new("data/mau-12-don-vi.yaml")).unwrap();
    let names: Vec<String> = d
        .don_vi
        .iter()
        .map(|w| format!("{} {}", w.loai.label(), w.ten))
        .collect();
    assert_eq!(
        names,
        [
            "phường Sông Trí",
            "phường Kỳ Trinh",
            "phường Kỳ Thịnh",
            "phường Kỳ Long",
            "phường Kỳ Liên",
            "phường Kỳ Phương",
            "xã Kỳ Hà",
            "xã Kỳ Hoa",
            "xã Kỳ Hưng",
            "xã Kỳ Lợi",
            "xã Kỳ Nam",
            "xã Kỳ Ninh",
        ]
    );
}
