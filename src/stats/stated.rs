//! Figures from stated totals (`tong_hop`, `ket_qua`) when no detail exists.
//! Counts are taken as stated; percentages are recomputed from the counts.

use super::{Nguon, Ratio, SoLieu, Tuoi, TuoiNguoi};
use crate::data::{KetQua, KetQuaThon, TiLeNeu};

/// The count and denominator of a stated ratio (`tren`, else `den`);
/// unknown when it is not stated or its denominator is unknown.
pub fn stated_ratio(t: &Option<TiLeNeu>, den: Option<u32>) -> Option<Ratio> {
    let t = t.as_ref()?;
    let den = t.tren.or(den)?;
    Some(Ratio::new(t.so, den))
}

/// Figures from stated totals; what is not stated is unknown, and so is
/// what would be computed from it.
pub fn from_stated(k: &KetQua, nam: i32) -> SoLieu {
    let (n7, n5, n0) = (k.chi_bo_7_cap_uy, k.chi_bo_5_cap_uy, k.chi_bo_khong_chi_uy);
    let held = k.da_dai_hoi;
    let mut s = SoLieu::empty();
    s.nguon = Nguon::TongHop;
    s.so_chi_bo = k.so_chi_bo;
    s.so_da_dai_hoi = held;
    s.da_dai_hoi = match (held, k.so_chi_bo) {
        (Some(h), Some(n)) if n > 0 => Some(Ratio::new(h, n)),
        _ => None,
    };
    s.cap_uy_vien = k.cap_uy_vien;
    s.bi_thu = k.bi_thu;
    s.pho_bi_thu = k.pho_bi_thu;
    s.chi_bo_7_cap_uy = n7;
    s.chi_bo_5_cap_uy = n5;
    s.chi_bo_khong_chi_uy = n0;
    // The cells of 3 are the rest only when every other size is known.
    s.chi_bo_3_cap_uy = (|| held?.checked_sub(n7?.checked_add(n5?)?.checked_add(n0?)?))();
    // Stated totals split elected from appointed committees only by the
    // number of appointed cells (`chi_bo_chi_dinh`, else none): the
    // counts of each kind are known only when one kind is all of them.
    let all = super::TheoHinhThuc {
        so_chi_bo: held,
        cap_uy_vien: k.cap_uy_vien,
        bi_thu: k.bi_thu,
        pho_bi_thu: k.pho_bi_thu,
    };
    let none = super::TheoHinhThuc {
        so_chi_bo: Some(0),
        cap_uy_vien: Some(0),
        bi_thu: Some(0),
        pho_bi_thu: Some(0),
    };
    let part = |n: Option<u32>| super::TheoHinhThuc {
        so_chi_bo: n,
        ..Default::default()
    };
    (s.bau, s.chi_dinh) = match (k.chi_bo_chi_dinh.unwrap_or(0), held) {
        (0, _) => (all, none),
        (c, Some(h)) if c == h => (none, all),
        (c, h) => (part(h.and_then(|h| h.checked_sub(c))), part(Some(c))),
    };
    if let Some(t) = &k.thon_tdp {
        s.thon_tdp = thon(t, nam);
    }
    s
}

fn thon(t: &KetQuaThon, nam: i32) -> super::SoLieuThon {
    let n = t.so_chi_bo;
    super::SoLieuThon {
        so_chi_bo: n,
        // Stated totals say nothing of cells not yet held: the stated count
        // is the denominator, as the data format says.
        da_dai_hoi: n,
        bi_thu_moi: t.bi_thu_moi,
        khong_tai_cu: stated_ratio(&t.khong_tai_cu, n),
        kiem_truong_thon: stated_ratio(&t.kiem_truong_thon, n),
        nu_bi_thu_pho_bi_thu: t.nu_bi_thu_pho_bi_thu,
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
                so_nguoi: n.unwrap_or(0),
                tong_tuoi: mean.saturating_mul(n.unwrap_or(0)),
                binh_quan: mean,
                cao_nhat: person(a.cao_nhat, a.nam_sinh_cao_nhat),
                thap_nhat: person(a.thap_nhat, a.nam_sinh_thap_nhat),
            })
        }),
    }
}
