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
