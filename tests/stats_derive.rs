//! Every derived figure on a hand-computed fixture (tests/fixtures/data/nho.yaml).
//!
//! Ward `a` (cells in detail, report year 2019):
//! - TDP 1: 5 committee, 2 women, secretary b.1950 re-elected + village head, woman deputy, pilot
//! - TDP 2: merged (2 previous secretaries), no committee (7 official), new secretary b.1985
//! - TDP 3: 3 committee, 1 woman; new woman secretary b.1962, village head
//! - school: 7 committee, woman secretary (not a village/TDP cell)
//! - police: congress not held
//!
//! Ward `b`: stated totals only.

use std::path::Path;

use baocao::data::{load_file, Dataset};
use baocao::stats::{derive, Nguon, Ratio};

fn data() -> Dataset {
    load_file(Path::new("tests/fixtures/data/nho.yaml")).unwrap()
}

#[test]
fn ward_from_cells() {
    let s = derive(&data());
    assert_eq!(s.nam_bao_cao, 2019);
    let a = &s.ward("a").unwrap().so_lieu;
    assert_eq!(s.ward("a").unwrap().ten_day_du, "phường A");
    assert_eq!(a.nguon, Nguon::ChiTiet);
    assert_eq!(a.so_chi_bo, Some(5));
    assert_eq!(a.da_dai_hoi, Some(Ratio::new(4, 5)));
    assert_eq!(a.da_dai_hoi.as_ref().unwrap().text, "80,00%");
    assert_eq!(a.dang_vien, Some(100));
    assert_eq!(a.dai_hoi_diem, 1);
    assert_eq!(a.sap_nhap, 1);
    // 5 + (secretary + deputy) + 3 + 7; the police cell has not held its congress.
    assert_eq!(a.cap_uy_vien, Some(17));
    assert_eq!((a.bi_thu, a.pho_bi_thu), (Some(4), Some(4)));
    assert_eq!(a.chi_bo_7_cap_uy, Some(1));
    assert_eq!(a.chi_bo_5_cap_uy, Some(1));
    assert_eq!(a.chi_bo_3_cap_uy, Some(1));
    assert_eq!(a.chi_bo_khong_chi_uy, Some(1));
    let t = &a.thon_tdp;
    assert_eq!(t.so_chi_bo, Some(3));
    assert_eq!(t.bi_thu_moi, Some(2));
    // TDP 1 kept its secretary; TDP 2 lost two (merged); TDP 3 lost one.
    assert_eq!(t.khong_tai_cu, Some(Ratio::new(3, 3)));
    assert_eq!(t.kiem_truong_thon, Some(Ratio::new(2, 3)));
    assert_eq!(t.kiem_truong_thon.as_ref().unwrap().text, "66,67%");
    // Deputy of TDP 1 and secretary of TDP 3 (the school is not a village/TDP cell).
    assert_eq!(t.nu_bi_thu_pho_bi_thu, Some(2));
    assert_eq!(t.chi_bo_co_nu_cap_uy, Some(Ratio::new(2, 3)));
    let age = t.tuoi_bi_thu.unwrap();
    // 69 + 34 + 57 = 160; 160 / 3 = 53.3 -> 53.
    assert_eq!((age.so_nguoi, age.tong_tuoi, age.binh_quan), (3, 160, 53));
    assert_eq!((age.cao_nhat.tuoi, age.cao_nhat.nam_sinh), (69, 1950));
    assert_eq!((age.thap_nhat.tuoi, age.thap_nhat.nam_sinh), (34, 1985));
}

#[test]
fn ward_from_totals() {
    let s = derive(&data());
    let b = &s.ward("b").unwrap().so_lieu;
    assert_eq!(b.nguon, Nguon::TongHop);
    assert_eq!(b.so_chi_bo, Some(10));
    assert_eq!(b.da_dai_hoi, Some(Ratio::new(10, 10)));
    assert_eq!(b.cap_uy_vien, Some(31));
    // Cells of 7 are not stated: the cells of 3 are not the rest (unknown).
    assert_eq!(b.chi_bo_3_cap_uy, None);
    assert_eq!(b.dang_vien, None);
    let t = &b.thon_tdp;
    // The denominator is the section's village/TDP cells unless `tren` says otherwise.
    assert_eq!(t.khong_tai_cu, Some(Ratio::new(3, 8)));
    assert_eq!(t.kiem_truong_thon, Some(Ratio::new(4, 8)));
    assert_eq!(t.chi_bo_co_nu_cap_uy, Some(Ratio::new(2, 8)));
    assert_eq!(t.tuoi_bi_thu.unwrap().binh_quan, 50);
}

#[test]
fn town_is_the_sum_of_its_wards() {
    let s = derive(&data());
    let t = &s.thi_xa;
    assert_eq!(t.nguon, Nguon::TongHop); // mixed: one ward has totals only
    assert_eq!(t.so_chi_bo, Some(15));
    assert_eq!(t.da_dai_hoi, Some(Ratio::new(14, 15)));
    assert_eq!(t.cap_uy_vien, Some(48));
    assert_eq!((t.bi_thu, t.pho_bi_thu), (Some(14), Some(14)));
    assert_eq!(t.chi_bo_5_cap_uy, Some(2));
    // Ward b does not state its cells of 7: the sum is unknown, not 1.
    assert_eq!(t.chi_bo_7_cap_uy, None);
    assert_eq!(t.chi_bo_khong_chi_uy, Some(2));
    assert_eq!(t.thon_tdp.so_chi_bo, Some(11));
    assert_eq!(t.thon_tdp.khong_tai_cu, Some(Ratio::new(6, 11)));
    assert_eq!(t.thon_tdp.khong_tai_cu.as_ref().unwrap().text, "54,55%");
    assert_eq!(t.thon_tdp.nu_bi_thu_pho_bi_thu, Some(3));
    let age = t.thon_tdp.tuoi_bi_thu.unwrap();
    // 160 + 8 x 50 = 560 over 11 people = 50.9 -> 51; extremes from ward b.
    assert_eq!(age.binh_quan, 51);
    assert_eq!((age.cao_nhat.tuoi, age.cao_nhat.nam_sinh), (70, 1949));
    assert_eq!((age.thap_nhat.tuoi, age.thap_nhat.nam_sinh), (30, 1989));
}

#[test]
fn town_from_stated_totals_recomputes_percentages() {
    let d = load_file(Path::new("data/ky-anh-2019.yaml")).unwrap();
    let s = derive(&d);
    let t = &s.thi_xa;
    assert_eq!(t.nguon, Nguon::TongHop);
    assert_eq!(t.so_chi_bo, Some(162));
    assert_eq!(t.da_dai_hoi.as_ref().unwrap().text, "100,00%");
    assert_eq!(t.cap_uy_vien, Some(485));
    // The article does not state its cells of 7: the cells of 3 are unknown.
    assert_eq!(t.chi_bo_3_cap_uy, None);
    let th = &t.thon_tdp;
    assert_eq!(th.khong_tai_cu.as_ref().unwrap().text, "32,43%"); // not the stated 31,51%
    assert_eq!(th.kiem_truong_thon.as_ref().unwrap().text, "27,03%");
    assert_eq!(th.chi_bo_co_nu_cap_uy.as_ref().unwrap().text, "32,43%"); // not the stated 32,88%
    let age = th.tuoi_bi_thu.unwrap();
    assert_eq!(age.binh_quan, 57);
    assert_eq!((age.cao_nhat.tuoi, age.cao_nhat.nam_sinh), (72, 1947));
    assert_eq!((age.thap_nhat.tuoi, age.thap_nhat.nam_sinh), (26, 1993));
}

#[test]
fn ages_round_half_up_and_merge() {
    use baocao::stats::Tuoi;
    let a = Tuoi::from_birth_years(2019, &[1960, 1961]).unwrap(); // 59, 58 -> 58.5
    assert_eq!(a.binh_quan, 59);
    assert_eq!(Tuoi::from_birth_years(2019, &[]), None);
    let b = Tuoi::from_birth_years(2019, &[1990]).unwrap();
    let m = Tuoi::merge(Some(a), Some(b)).unwrap();
    assert_eq!((m.so_nguoi, m.tong_tuoi, m.binh_quan), (3, 146, 49));
    assert_eq!(m.thap_nhat.nam_sinh, 1990);
    assert_eq!(m.cao_nhat.nam_sinh, 1960);
}

#[test]
fn stats_serialize_for_templates() {
    let s = derive(&data());
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(
        v["don_vi"][0]["so_lieu"]["thon_tdp"]["kiem_truong_thon"]["num"],
        2
    );
    assert_eq!(
        v["don_vi"][0]["so_lieu"]["thon_tdp"]["kiem_truong_thon"]["den"],
        3
    );
    assert_eq!(v["thi_xa"]["nguon"], "tong_hop");
    let d = serde_json::to_value(data()).unwrap();
    assert_eq!(d["van_ban"]["ngay"]["thang"], 8);
}

#[test]
fn stated_age_or_birth_year_gives_the_other() {
    let text = include_str!("../data/ky-anh-2019.yaml")
        .replace("        cao_nhat: 72\n", "")
        .replace("        nam_sinh_thap_nhat: 1993\n", "");
    let d = baocao::data::load_str(&text, "t.yaml").unwrap();
    let age = derive(&d).thi_xa.thon_tdp.tuoi_bi_thu.unwrap();
    assert_eq!((age.cao_nhat.tuoi, age.cao_nhat.nam_sinh), (72, 1947));
    assert_eq!((age.thap_nhat.tuoi, age.thap_nhat.nam_sinh), (26, 1993));
}
