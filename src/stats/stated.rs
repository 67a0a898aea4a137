//! Figures from stated totals (`tong_hop`, `ket_qua`) when no detail exists.
//! Counts are taken as stated; percentages are recomputed from the counts.

use super::{Nguon, Ratio, SoLieu, Tuoi, TuoiNguoi};
use crate::data::{KetQua, KetQuaThon, TiLeNeu};

/// The count and denominator of a stated ratio (`tren`, else `den`).
pub fn stated_ratio(t: &Option<TiLeNeu>, den: u32) -> Ratio {
    match t {
        Some(t) => Ratio::new(t.so, t.tren.unwrap_or(den)),
        None => Ratio::new(0, den),
    }
}

/// Figures from stated totals; absent counts are 0.
pub fn from_stated(k: &KetQua, nam: i32) -> SoLieu {
    let so_chi_bo = k.so_chi_bo.unwrap_or(0);
    let n7 = k.chi_bo_7_cap_uy.unwrap_or(0);
    let n5 = k.chi_bo_5_cap_uy.unwrap_or(0);
    let n0 = k.chi_bo_khong_chi_uy.unwrap_or(0);
    let held = k.da_dai_hoi.unwrap_or(0);
    let mut s = SoLieu::empty();
    s.nguon = Nguon::TongHop;
    s.so_chi_bo = so_chi_bo;
    s.da_dai_hoi = Ratio::new(held, so_chi_bo);
    s.cap_uy_vien = k.cap_uy_vien.unwrap_or(0);
    s.bi_thu = k.bi_thu.unwrap_or(0);
    s.pho_bi_thu = k.pho_bi_thu.unwrap_or(0);
    s.chi_bo_7_cap_uy = n7;
    s.chi_bo_5_cap_uy = n5;
    s.chi_bo_khong_chi_uy = n0;
    s.chi_bo_3_cap_uy = held.saturating_sub(n7.saturating_add(n5).saturating_add(n0));
    if let Some(t) = &k.thon_tdp {
        s.thon_tdp = thon(t, nam);
    }
    s
}

fn thon(t: &KetQuaThon, nam: i32) -> super::SoLieuThon {
    let n = t.so_chi_bo.unwrap_or(0);
    super::SoLieuThon {
        so_chi_bo: n,
        // Stated totals say nothing of cells not yet held: the stated count
        // is the denominator, as the data format says.
        da_dai_hoi: n,
        bi_thu_moi: t.bi_thu_moi.unwrap_or(0),
        khong_tai_cu: stated_ratio(&t.khong_tai_cu, n),
        kiem_truong_thon: stated_ratio(&t.kiem_truong_thon, n),
        nu_bi_thu_pho_bi_thu: t.nu_bi_thu_pho_bi_thu.unwrap_or(0),
        chi_bo_co_nu_cap_uy: stated_ratio(&t.chi_bo_co_nu_cap_uy, n),
        tuoi_bi_thu: t.tuoi_bi_thu.as_ref().and_then(|a| {
            let mean = a.binh_quan?;
            // An age or a birth year alone gives the other (report year `nam`).
            let person = |tuoi: Option<u32>, nam_sinh: Option<i32>| {
                let clamp = |v: i64, lo: i64, hi: i64| v.clamp(lo, hi);
                let from_year = |y: i32| clamp(i64::from(nam) - i64::from(y), 0, u32::MAX.into());
                let from_age = |a: u32| {
                    clamp(
                        i64::from(nam) - i64::from(a),
                        i32::MIN.into(),
                        i32::MAX.into(),
                    )
                };
                TuoiNguoi {
                    tuoi: tuoi.or(nam_sinh.map(|y| from_year(y) as u32)).unwrap_or(0),
                    nam_sinh: nam_sinh.or(tuoi.map(|a| from_age(a) as i32)).unwrap_or(0),
                }
            };
            // Without detail the sum of ages is the mean times the count.
            Some(Tuoi {
                so_nguoi: n,
                tong_tuoi: mean.saturating_mul(n),
                binh_quan: mean,
                cao_nhat: person(a.cao_nhat, a.nam_sinh_cao_nhat),
                thap_nhat: person(a.thap_nhat, a.nam_sinh_thap_nhat),
            })
        }),
    }
}
