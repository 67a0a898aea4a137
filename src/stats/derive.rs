//! Derived figures: from cells, from stated totals, and sums of wards.
//! A figure is computed only from what is known: one unknown input (a
//! committee size left blank, a secretary's birth year) makes the figure
//! unknown (`None`), never a number that treats the gap as 0.

use super::{Nguon, Ratio, SoLieu, SoLieuDonVi, SoLieuThon, Stats, TheoHinhThuc, Tuoi};
use crate::data::{ChiBo, Chuc, Dataset, GioiTinh};

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
    /// No data: every figure unknown.
    pub fn empty() -> SoLieu {
        SoLieu {
            nguon: Nguon::KhongCo,
            so_chi_bo: None,
            so_da_dai_hoi: None,
            da_dai_hoi: None,
            dang_vien: None,
            dai_hoi_diem: 0,
            sap_nhap: 0,
            cap_uy_vien: None,
            bi_thu: None,
            pho_bi_thu: None,
            chi_bo_7_cap_uy: None,
            chi_bo_5_cap_uy: None,
            chi_bo_3_cap_uy: None,
            chi_bo_khong_chi_uy: None,
            bau: TheoHinhThuc::default(),
            chi_dinh: TheoHinhThuc::default(),
            bau_mot_lan_du: None,
            bi_thu_truc_tiep: None,
            thon_tdp: SoLieuThon {
                so_chi_bo: None,
                da_dai_hoi: None,
                bi_thu_moi: None,
                khong_tai_cu: None,
                kiem_truong_thon: None,
                nu_bi_thu_pho_bi_thu: None,
                chi_bo_co_nu_cap_uy: None,
                tuoi_bi_thu: None,
            },
        }
    }
}

/// 1 for a filled post, 0 for `khong`, unknown for an absent holder.
fn holders(c: &Option<Chuc>) -> Option<u32> {
    c.as_ref().map(|c| u32::from(c.nguoi().is_some()))
}

/// Committee members a cell elected or was given: its committee, or its
/// secretary and deputy when it has no committee. 0 when it has not held
/// its congress; unknown when the size (or a holder) is unknown.
pub fn elected(c: &ChiBo) -> Option<u32> {
    if !c.held() {
        return Some(0);
    }
    match c.chi_uy_vien? {
        0 => Some(holders(&c.bi_thu)? + holders(&c.pho_bi_thu)?),
        n => Some(n),
    }
}

/// Previous secretaries not re-elected in a cell; 0 when it has not held
/// its congress (its secretary is still in office: not "không tái cử").
pub fn not_reelected(c: &ChiBo) -> Option<u32> {
    if !c.held() {
        return Some(0);
    }
    let kept = match c.bi_thu.as_ref()? {
        Chuc::Khong => false,
        Chuc::Co(p) => p.tai_cu?,
    };
    Some(c.so_bi_thu_cu.saturating_sub(u32::from(kept)))
}

/// A sum of known values; unknown if any is.
pub fn opt_sum(mut it: impl Iterator<Item = Option<u32>>) -> Option<u32> {
    it.try_fold(0u32, |a, x| Some(a.saturating_add(x?)))
}

/// How many of `cells` satisfy a test whose answer may be unknown.
fn opt_count<'a>(
    cells: impl Iterator<Item = &'a ChiBo>,
    f: impl Fn(&ChiBo) -> Option<bool>,
) -> Option<u32> {
    opt_sum(cells.map(|c| f(c).map(u32::from)))
}

/// A ratio over `den` cells; none without cells.
fn share(num: Option<u32>, den: u32) -> Option<Ratio> {
    match den {
        0 => None,
        d => num.map(|n| Ratio::new(n, d)),
    }
}

/// Figures of the held cells of one kind.
fn by_kind(cells: &[&ChiBo]) -> TheoHinhThuc {
    TheoHinhThuc {
        so_chi_bo: Some(cells.len() as u32),
        cap_uy_vien: opt_sum(cells.iter().map(|c| elected(c))),
        bi_thu: opt_sum(cells.iter().map(|c| holders(&c.bi_thu))),
        pho_bi_thu: opt_sum(cells.iter().map(|c| holders(&c.pho_bi_thu))),
    }
}

/// Figures from cells in detail.
pub fn from_cells(cells: &[ChiBo], nam: i32) -> SoLieu {
    let count = |f: &dyn Fn(&ChiBo) -> bool| cells.iter().filter(|c| f(c)).count() as u32;
    let so_chi_bo = cells.len() as u32;
    let n_thon = cells.iter().filter(|c| c.is_thon_tdp()).count() as u32;
    let held: Vec<&ChiBo> = cells.iter().filter(|c| c.held()).collect();
    let size = |n: u32| opt_count(held.iter().copied(), |c| c.chi_uy_vien.map(|s| s == n));
    let elected_cells: Vec<&ChiBo> = held.iter().copied().filter(|c| !c.appointed()).collect();
    let appointed_cells: Vec<&ChiBo> = held.iter().copied().filter(|c| c.appointed()).collect();
    let n_bau = elected_cells.len() as u32;
    // After-congress figures (new secretaries, not re-elected, village
    // heads, women, ages) are about cells that held their congress: a cell
    // not yet held is in neither the count nor the denominator.
    let thon: Vec<&ChiBo> = held.iter().copied().filter(|c| c.is_thon_tdp()).collect();
    let n_held = thon.len() as u32;
    let women = |c: &ChiBo| {
        opt_sum(
            [&c.bi_thu, &c.pho_bi_thu]
                .into_iter()
                .map(|p| match p.as_ref()? {
                    Chuc::Khong => Some(0),
                    Chuc::Co(p) => p.gioi_tinh.map(|g| u32::from(g == GioiTinh::Nu)),
                }),
        )
    };
    // Every held village/TDP secretary's birth year, or unknown.
    let years: Option<Vec<i32>> = thon
        .iter()
        .filter_map(|c| match c.bi_thu.as_ref() {
            None => Some(None),
            Some(Chuc::Khong) => None,
            Some(Chuc::Co(p)) => Some(p.nam_sinh),
        })
        .collect();
    let secretary = |c: &ChiBo, f: &dyn Fn(&crate::data::NguoiGiuChuc) -> Option<bool>| match c
        .bi_thu
        .as_ref()?
    {
        Chuc::Khong => Some(false),
        Chuc::Co(p) => f(p),
    };
    SoLieu {
        nguon: Nguon::ChiTiet,
        so_chi_bo: Some(so_chi_bo),
        so_da_dai_hoi: Some(held.len() as u32),
        da_dai_hoi: share(Some(held.len() as u32), so_chi_bo),
        dang_vien: opt_sum(cells.iter().map(|c| c.dang_vien)),
        dai_hoi_diem: count(&|c| c.dai_hoi_diem),
        sap_nhap: count(&|c| c.sap_nhap),
        cap_uy_vien: opt_sum(held.iter().map(|c| elected(c))),
        bi_thu: opt_sum(held.iter().map(|c| holders(&c.bi_thu))),
        pho_bi_thu: opt_sum(held.iter().map(|c| holders(&c.pho_bi_thu))),
        chi_bo_7_cap_uy: size(7),
        chi_bo_5_cap_uy: size(5),
        chi_bo_3_cap_uy: size(3),
        chi_bo_khong_chi_uy: size(0),
        bau: by_kind(&elected_cells),
        chi_dinh: by_kind(&appointed_cells),
        bau_mot_lan_du: share(
            opt_count(elected_cells.iter().copied(), |c| c.bau_mot_lan_du),
            n_bau,
        ),
        bi_thu_truc_tiep: share(
            opt_count(elected_cells.iter().copied(), |c| c.bi_thu_truc_tiep),
            n_bau,
        ),
        thon_tdp: SoLieuThon {
            so_chi_bo: Some(n_thon),
            da_dai_hoi: Some(n_held),
            bi_thu_moi: opt_count(thon.iter().copied(), |c| {
                secretary(c, &|p| p.tai_cu.map(|t| !t))
            }),
            khong_tai_cu: share(opt_sum(thon.iter().map(|c| not_reelected(c))), n_held),
            kiem_truong_thon: share(
                opt_count(thon.iter().copied(), |c| {
                    secretary(c, &|p| Some(p.kiem_truong_thon))
                }),
                n_held,
            ),
            nu_bi_thu_pho_bi_thu: opt_sum(thon.iter().map(|c| women(c))),
            chi_bo_co_nu_cap_uy: share(
                opt_count(thon.iter().copied(), |c| c.nu_cap_uy.map(|n| n > 0)),
                n_held,
            ),
            tuoi_bi_thu: years.and_then(|y| Tuoi::from_birth_years(nam, &y)),
        },
    }
}

/// A sum that stops at `u32::MAX` instead of overflowing.
pub fn sat_sum(it: impl Iterator<Item = u32>) -> u32 {
    it.fold(0u32, u32::saturating_add)
}

fn add(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    Some(a?.saturating_add(b?))
}

fn add_ratio(a: &Option<Ratio>, b: &Option<Ratio>) -> Option<Ratio> {
    let (a, b) = (a.as_ref()?, b.as_ref()?);
    Some(Ratio::new(
        a.num.saturating_add(b.num),
        a.den.saturating_add(b.den),
    ))
}

/// A ratio of a sum: parts without cells of their own (`den` 0 or no
/// cells of the kind) add nothing; an unknown part makes it unknown.
fn add_share(
    a: &Option<Ratio>,
    a_cells: Option<u32>,
    b: &Option<Ratio>,
    b_cells: Option<u32>,
) -> Option<Ratio> {
    match (a_cells, b_cells) {
        (Some(0), _) => b.clone(),
        (_, Some(0)) => a.clone(),
        _ => add_ratio(a, b),
    }
}

fn add_kind(a: &TheoHinhThuc, b: &TheoHinhThuc) -> TheoHinhThuc {
    TheoHinhThuc {
        so_chi_bo: add(a.so_chi_bo, b.so_chi_bo),
        cap_uy_vien: add(a.cap_uy_vien, b.cap_uy_vien),
        bi_thu: add(a.bi_thu, b.bi_thu),
        pho_bi_thu: add(a.pho_bi_thu, b.pho_bi_thu),
    }
}

/// The sum of several wards' figures (saturating: absurd input never
/// panics). A figure one ward leaves unknown is unknown in the sum.
pub fn sum<'a>(parts: impl Iterator<Item = &'a SoLieu>) -> SoLieu {
    let mut t: Option<SoLieu> = None;
    for p in parts {
        let Some(a) = t.take() else {
            t = Some(p.clone());
            continue;
        };
        let nguon = match (a.nguon, p.nguon) {
            (Nguon::KhongCo, Nguon::KhongCo) => Nguon::KhongCo,
            (Nguon::ChiTiet, Nguon::ChiTiet) => Nguon::ChiTiet,
            _ => Nguon::TongHop,
        };
        let (x, y) = (&a.thon_tdp, &p.thon_tdp);
        let people = |s: &SoLieuThon| s.da_dai_hoi.map(|n| n == 0).unwrap_or(false);
        let tuoi = match (people(x), people(y)) {
            (true, _) => y.tuoi_bi_thu,
            (_, true) => x.tuoi_bi_thu,
            _ => match (x.tuoi_bi_thu, y.tuoi_bi_thu) {
                (Some(_), Some(_)) => Tuoi::merge(x.tuoi_bi_thu, y.tuoi_bi_thu),
                _ => None,
            },
        };
        let (eb, pb) = (a.bau.so_chi_bo, p.bau.so_chi_bo);
        t = Some(SoLieu {
            nguon,
            so_chi_bo: add(a.so_chi_bo, p.so_chi_bo),
            so_da_dai_hoi: add(a.so_da_dai_hoi, p.so_da_dai_hoi),
            da_dai_hoi: add_share(&a.da_dai_hoi, a.so_chi_bo, &p.da_dai_hoi, p.so_chi_bo),
            dang_vien: add(a.dang_vien, p.dang_vien),
            dai_hoi_diem: a.dai_hoi_diem.saturating_add(p.dai_hoi_diem),
            sap_nhap: a.sap_nhap.saturating_add(p.sap_nhap),
            cap_uy_vien: add(a.cap_uy_vien, p.cap_uy_vien),
            bi_thu: add(a.bi_thu, p.bi_thu),
            pho_bi_thu: add(a.pho_bi_thu, p.pho_bi_thu),
            chi_bo_7_cap_uy: add(a.chi_bo_7_cap_uy, p.chi_bo_7_cap_uy),
            chi_bo_5_cap_uy: add(a.chi_bo_5_cap_uy, p.chi_bo_5_cap_uy),
            chi_bo_3_cap_uy: add(a.chi_bo_3_cap_uy, p.chi_bo_3_cap_uy),
            chi_bo_khong_chi_uy: add(a.chi_bo_khong_chi_uy, p.chi_bo_khong_chi_uy),
            bau: add_kind(&a.bau, &p.bau),
            chi_dinh: add_kind(&a.chi_dinh, &p.chi_dinh),
            bau_mot_lan_du: add_share(&a.bau_mot_lan_du, eb, &p.bau_mot_lan_du, pb),
            bi_thu_truc_tiep: add_share(&a.bi_thu_truc_tiep, eb, &p.bi_thu_truc_tiep, pb),
            thon_tdp: SoLieuThon {
                so_chi_bo: add(x.so_chi_bo, y.so_chi_bo),
                da_dai_hoi: add(x.da_dai_hoi, y.da_dai_hoi),
                bi_thu_moi: add(x.bi_thu_moi, y.bi_thu_moi),
                khong_tai_cu: add_share(
                    &x.khong_tai_cu,
                    x.da_dai_hoi,
                    &y.khong_tai_cu,
                    y.da_dai_hoi,
                ),
                kiem_truong_thon: add_share(
                    &x.kiem_truong_thon,
                    x.da_dai_hoi,
                    &y.kiem_truong_thon,
                    y.da_dai_hoi,
                ),
                nu_bi_thu_pho_bi_thu: add(x.nu_bi_thu_pho_bi_thu, y.nu_bi_thu_pho_bi_thu),
                chi_bo_co_nu_cap_uy: add_share(
                    &x.chi_bo_co_nu_cap_uy,
                    x.da_dai_hoi,
                    &y.chi_bo_co_nu_cap_uy,
                    y.da_dai_hoi,
                ),
                tuoi_bi_thu: tuoi,
            },
        });
    }
    t.unwrap_or_else(SoLieu::empty)
}
