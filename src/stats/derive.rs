//! Derived figures: from cells, from stated totals, and sums of wards.

use super::{Nguon, Ratio, SoLieu, SoLieuDonVi, SoLieuThon, Stats, Tuoi};
use crate::data::{ChiBo, Dataset, GioiTinh};

/// Derived figures of a dataset: one entry per ward in the data's order,
/// and the town (the sum of its wards, or its stated totals without wards).
pub fn derive(data: &Dataset) -> Stats {
    let nam = data.report_year();
    let don_vi: Vec<SoLieuDonVi> = data
        .don_vi
        .iter()
        .map(|w| {
            let so_lieu = match (&w.chi_bo, &w.tong_hop) {
                (Some(cells), _) => from_cells(cells, nam),
                (None, Some(kq)) => super::stated::from_stated(kq, nam),
                (None, None) => SoLieu::empty(),
            };
            SoLieuDonVi {
                ma: w.ma.clone(),
                ten: w.ten.clone(),
                loai: w.loai,
                ten_day_du: w.loai.full_name(&w.ten),
                so_lieu,
            }
        })
        .collect();
    let thi_xa = if !don_vi.is_empty() {
        sum(don_vi.iter().map(|w| &w.so_lieu))
    } else if let Some(cells) = &data.dang_bo.chi_bo_truc_thuoc {
        // A commune or ward committee reporting on its own cells.
        from_cells(cells, nam)
    } else if let Some(kq) = &data.dang_bo.ket_qua {
        super::stated::from_stated(kq, nam)
    } else {
        SoLieu::empty()
    };
    Stats {
        nam_bao_cao: nam,
        thi_xa,
        don_vi,
    }
}

impl SoLieu {
    /// No data.
    pub fn empty() -> SoLieu {
        SoLieu {
            nguon: Nguon::KhongCo,
            so_chi_bo: 0,
            da_dai_hoi: Ratio::new(0, 0),
            dang_vien: None,
            dai_hoi_diem: 0,
            sap_nhap: 0,
            cap_uy_vien: 0,
            bi_thu: 0,
            pho_bi_thu: 0,
            chi_bo_7_cap_uy: 0,
            chi_bo_5_cap_uy: 0,
            chi_bo_3_cap_uy: 0,
            chi_bo_khong_chi_uy: 0,
            thon_tdp: SoLieuThon {
                so_chi_bo: 0,
                da_dai_hoi: 0,
                bi_thu_moi: 0,
                khong_tai_cu: Ratio::new(0, 0),
                kiem_truong_thon: Ratio::new(0, 0),
                nu_bi_thu_pho_bi_thu: 0,
                chi_bo_co_nu_cap_uy: Ratio::new(0, 0),
                tuoi_bi_thu: None,
            },
        }
    }
}

/// Committee members a cell elected: its committee, or its secretary and
/// deputy when it has no committee. 0 when it has not held its congress.
pub fn elected(c: &ChiBo) -> u32 {
    if c.ngay_dai_hoi.is_none() {
        0
    } else if c.chi_uy_vien > 0 {
        c.chi_uy_vien
    } else {
        u32::from(c.bi_thu.is_some()) + u32::from(c.pho_bi_thu.is_some())
    }
}

/// Previous secretaries not re-elected in a cell; 0 when it has not held
/// its congress (its secretary is still in office: not "không tái cử").
pub fn not_reelected(c: &ChiBo) -> u32 {
    if c.ngay_dai_hoi.is_none() {
        return 0;
    }
    let kept = c.bi_thu.as_ref().is_some_and(|b| b.tai_cu);
    c.so_bi_thu_cu.saturating_sub(u32::from(kept))
}

/// Figures from cells in detail.
pub fn from_cells(cells: &[ChiBo], nam: i32) -> SoLieu {
    let count = |f: &dyn Fn(&ChiBo) -> bool| cells.iter().filter(|c| f(c)).count() as u32;
    let held = |c: &ChiBo| c.ngay_dai_hoi.is_some();
    let so_chi_bo = cells.len() as u32;
    let n_thon = cells.iter().filter(|c| c.is_thon_tdp()).count() as u32;
    // After-congress figures (new secretaries, not re-elected, village
    // heads, women, ages) are about cells that held their congress: a cell
    // not yet held is in neither the count nor the denominator.
    let thon: Vec<&ChiBo> = cells
        .iter()
        .filter(|c| c.is_thon_tdp() && held(c))
        .collect();
    let n_held = thon.len() as u32;
    let tcount = |f: &dyn Fn(&ChiBo) -> bool| thon.iter().filter(|c| f(c)).count() as u32;
    let women = |c: &ChiBo| {
        [&c.bi_thu, &c.pho_bi_thu]
            .iter()
            .filter(|p| p.as_ref().is_some_and(|p| p.gioi_tinh == GioiTinh::Nu))
            .count() as u32
    };
    let years: Vec<i32> = thon
        .iter()
        .filter_map(|c| c.bi_thu.as_ref().map(|b| b.nam_sinh))
        .collect();
    SoLieu {
        nguon: Nguon::ChiTiet,
        so_chi_bo,
        da_dai_hoi: Ratio::new(count(&held), so_chi_bo),
        dang_vien: Some(sat_sum(cells.iter().map(|c| c.dang_vien))),
        dai_hoi_diem: count(&|c| c.dai_hoi_diem),
        sap_nhap: count(&|c| c.sap_nhap),
        cap_uy_vien: sat_sum(cells.iter().map(elected)),
        bi_thu: count(&|c| held(c) && c.bi_thu.is_some()),
        pho_bi_thu: count(&|c| held(c) && c.pho_bi_thu.is_some()),
        chi_bo_7_cap_uy: count(&|c| held(c) && c.chi_uy_vien == 7),
        chi_bo_5_cap_uy: count(&|c| held(c) && c.chi_uy_vien == 5),
        chi_bo_3_cap_uy: count(&|c| held(c) && c.chi_uy_vien == 3),
        chi_bo_khong_chi_uy: count(&|c| held(c) && c.chi_uy_vien == 0),
        thon_tdp: SoLieuThon {
            so_chi_bo: n_thon,
            da_dai_hoi: n_held,
            bi_thu_moi: tcount(&|c| c.bi_thu.as_ref().is_some_and(|b| !b.tai_cu)),
            khong_tai_cu: Ratio::new(sat_sum(thon.iter().map(|c| not_reelected(c))), n_held),
            kiem_truong_thon: Ratio::new(
                tcount(&|c| c.bi_thu.as_ref().is_some_and(|b| b.kiem_truong_thon)),
                n_held,
            ),
            nu_bi_thu_pho_bi_thu: sat_sum(thon.iter().map(|c| women(c))),
            chi_bo_co_nu_cap_uy: Ratio::new(tcount(&|c| c.nu_cap_uy > 0), n_held),
            tuoi_bi_thu: Tuoi::from_birth_years(nam, &years),
        },
    }
}

/// A sum that stops at `u32::MAX` instead of overflowing.
pub fn sat_sum(it: impl Iterator<Item = u32>) -> u32 {
    it.fold(0u32, u32::saturating_add)
}

/// The sum of several wards' figures (saturating: absurd input never panics).
pub fn sum<'a>(parts: impl Iterator<Item = &'a SoLieu>) -> SoLieu {
    let mut t = SoLieu::empty();
    let add =
        |r: &Ratio, s: &Ratio| Ratio::new(r.num.saturating_add(s.num), r.den.saturating_add(s.den));
    for p in parts {
        t.nguon = match (t.nguon, p.nguon) {
            (Nguon::KhongCo, n) | (n, Nguon::KhongCo) => n,
            (Nguon::ChiTiet, Nguon::ChiTiet) => Nguon::ChiTiet,
            _ => Nguon::TongHop,
        };
        let acc = |a: &mut u32, b: u32| *a = a.saturating_add(b);
        acc(&mut t.so_chi_bo, p.so_chi_bo);
        t.da_dai_hoi = add(&t.da_dai_hoi, &p.da_dai_hoi);
        t.dang_vien = match (t.dang_vien, p.dang_vien) {
            (Some(a), Some(b)) => Some(a.saturating_add(b)),
            (a, b) => a.or(b),
        };
        acc(&mut t.dai_hoi_diem, p.dai_hoi_diem);
        acc(&mut t.sap_nhap, p.sap_nhap);
        acc(&mut t.cap_uy_vien, p.cap_uy_vien);
        acc(&mut t.bi_thu, p.bi_thu);
        acc(&mut t.pho_bi_thu, p.pho_bi_thu);
        acc(&mut t.chi_bo_7_cap_uy, p.chi_bo_7_cap_uy);
        acc(&mut t.chi_bo_5_cap_uy, p.chi_bo_5_cap_uy);
        acc(&mut t.chi_bo_3_cap_uy, p.chi_bo_3_cap_uy);
        acc(&mut t.chi_bo_khong_chi_uy, p.chi_bo_khong_chi_uy);
        let (a, b) = (&mut t.thon_tdp, &p.thon_tdp);
        acc(&mut a.so_chi_bo, b.so_chi_bo);
        acc(&mut a.da_dai_hoi, b.da_dai_hoi);
        acc(&mut a.bi_thu_moi, b.bi_thu_moi);
        a.khong_tai_cu = add(&a.khong_tai_cu, &b.khong_tai_cu);
        a.kiem_truong_thon = add(&a.kiem_truong_thon, &b.kiem_truong_thon);
        acc(&mut a.nu_bi_thu_pho_bi_thu, b.nu_bi_thu_pho_bi_thu);
        a.chi_bo_co_nu_cap_uy = add(&a.chi_bo_co_nu_cap_uy, &b.chi_bo_co_nu_cap_uy);
        a.tuoi_bi_thu = Tuoi::merge(a.tuoi_bi_thu, b.tuoi_bi_thu);
    }
    t
}
