//! Figures the templates print, as a ratio-aware, always-present structure
//! (`so_lieu` in the context): per ward from its cells (or its stated
//! `tong_hop`), for the town from its stated `ket_qua`, falling back to the
//! sum over the wards. Every percentage is a [`Ratio`] with its explicit
//! denominator and is printed from the counts, never from a stated value.

use serde::Serialize;

use crate::data::{ChiBo, Dataset, DonVi, GioiTinh, KetQua};

/// num/den with the percentage computed from them (0 when den is 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Ratio {
    pub num: u32,
    pub den: u32,
    pub percent: f64,
}

impl Ratio {
    pub fn new(num: u32, den: u32) -> Ratio {
        Ratio {
            num,
            den,
            percent: super::vi::number::ratio(num as f64, den as f64),
        }
    }
}

/// Congress results of a ward or of the town.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    /// Cells in scope.
    pub so_chi_bo: u32,
    /// Cells that held their congress / cells in scope.
    pub da_dai_hoi: Ratio,
    /// Committee members elected (secretaries and deputies included).
    pub cap_uy_vien: u32,
    pub bi_thu: u32,
    pub pho_bi_thu: u32,
    /// Cells with 7, with 5 committee members; cells without a committee.
    pub chi_bo_7_cap_uy: u32,
    pub chi_bo_5_cap_uy: u32,
    pub chi_bo_khong_chi_uy: u32,
    /// Party members (sum over cells; 0 when unknown).
    pub dang_vien: u32,
    /// Village and residential-group (thôn, TDP) cells.
    pub thon_tdp: ThonTdp,
}

/// Figures on village/TDP cells; ratios are over `so_chi_bo` unless the
/// data states another denominator.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ThonTdp {
    pub so_chi_bo: u32,
    /// Secretaries in their first term.
    pub bi_thu_moi: u32,
    /// Previous secretaries not re-elected.
    pub khong_tai_cu: Ratio,
    /// Secretary also village/TDP head.
    pub kiem_truong_thon: Ratio,
    /// Women among secretaries and deputies.
    pub nu_bi_thu_pho_bi_thu: u32,
    /// Cells with a woman on the committee.
    pub chi_bo_co_nu_cap_uy: Ratio,
    /// Secretaries' ages (report year - birth year); absent when unknown.
    pub tuoi_bi_thu: Option<Ages>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Ages {
    /// Mean, rounded to whole years.
    pub binh_quan: u32,
    pub cao_nhat: u32,
    pub nam_sinh_cao_nhat: i32,
    pub thap_nhat: u32,
    pub nam_sinh_thap_nhat: i32,
}

/// Figures of one ward: from its cells when given, else from `tong_hop`.
pub fn ward(w: &DonVi, report_year: i32) -> Figures {
    match &w.chi_bo {
        Some(cells) => from_cells(cells, report_year),
        None => w
            .tong_hop
            .as_ref()
            .map(|k| from_stated(k, &Figures::default()))
            .unwrap_or_default(),
    }
}

/// Figures of the town: stated `ket_qua` where given, else the wards' sums.
pub fn town(data: &Dataset) -> Figures {
    let year = data.report_year();
    // Cells of all wards together (exact mean age), plus wards given as totals.
    let cells: Vec<ChiBo> = data
        .don_vi
        .iter()
        .filter_map(|w| w.chi_bo.clone())
        .flatten()
        .collect();
    let mut parts = vec![from_cells(&cells, year)];
    parts.extend(
        data.don_vi
            .iter()
            .filter(|w| w.chi_bo.is_none())
            .map(|w| ward(w, year)),
    );
    let sum = if parts.len() == 1 {
        parts.pop().unwrap()
    } else {
        sum(&parts)
    };
    match &data.dang_bo.ket_qua {
        Some(k) => from_stated(k, &sum),
        None => sum,
    }
}

fn from_cells(cells: &[ChiBo], year: i32) -> Figures {
    let mut f = Figures {
        so_chi_bo: cells.len() as u32,
        ..Figures::default()
    };
    let held = cells.iter().filter(|c| c.ngay_dai_hoi.is_some()).count() as u32;
    f.da_dai_hoi = Ratio::new(held, f.so_chi_bo);
    let mut t = ThonTdp::default();
    let (mut moi, mut khong, mut kiem, mut nu, mut co_nu) = (0, 0, 0, 0, 0);
    let mut births = Vec::new();
    for c in cells {
        f.dang_vien += c.dang_vien;
        if c.ngay_dai_hoi.is_none() {
            continue;
        }
        let pair = c.bi_thu.is_some() as u32 + c.pho_bi_thu.is_some() as u32;
        f.cap_uy_vien += if c.chi_uy_vien > 0 {
            c.chi_uy_vien
        } else {
            pair
        };
        f.bi_thu += c.bi_thu.is_some() as u32;
        f.pho_bi_thu += c.pho_bi_thu.is_some() as u32;
        match c.chi_uy_vien {
            7 => f.chi_bo_7_cap_uy += 1,
            5 => f.chi_bo_5_cap_uy += 1,
            0 => f.chi_bo_khong_chi_uy += 1,
            _ => {}
        }
        if !c.is_thon_tdp() {
            continue;
        }
        t.so_chi_bo += 1;
        if let Some(b) = &c.bi_thu {
            if !b.tai_cu {
                moi += 1;
            }
            khong += c.so_bi_thu_cu.saturating_sub(b.tai_cu as u32);
            kiem += b.kiem_truong_thon as u32;
            births.push(b.nam_sinh);
        } else {
            khong += c.so_bi_thu_cu;
        }
        nu += [&c.bi_thu, &c.pho_bi_thu]
            .iter()
            .filter(|p| matches!(p, Some(x) if x.gioi_tinh == GioiTinh::Nu))
            .count() as u32;
        co_nu += (c.nu_cap_uy > 0) as u32;
    }
    // Cells not held yet still count in the village/TDP denominator.
    t.so_chi_bo = cells.iter().filter(|c| c.is_thon_tdp()).count() as u32;
    t.bi_thu_moi = moi;
    t.khong_tai_cu = Ratio::new(khong, t.so_chi_bo);
    t.kiem_truong_thon = Ratio::new(kiem, t.so_chi_bo);
    t.nu_bi_thu_pho_bi_thu = nu;
    t.chi_bo_co_nu_cap_uy = Ratio::new(co_nu, t.so_chi_bo);
    t.tuoi_bi_thu = ages(&births, year);
    f.thon_tdp = t;
    f
}

fn ages(births: &[i32], year: i32) -> Option<Ages> {
    let oldest = *births.iter().min()?;
    let youngest = *births.iter().max()?;
    let total: i64 = births.iter().map(|b| (year - b) as i64).sum();
    let mean = (total as f64 / births.len() as f64).round() as u32;
    Some(Ages {
        binh_quan: mean,
        cao_nhat: (year - oldest) as u32,
        nam_sinh_cao_nhat: oldest,
        thap_nhat: (year - youngest) as u32,
        nam_sinh_thap_nhat: youngest,
    })
}

/// Stated figures over `base` (used where a figure is not stated).
fn from_stated(k: &KetQua, base: &Figures) -> Figures {
    let so = k.so_chi_bo.unwrap_or(base.so_chi_bo);
    let held = k.da_dai_hoi.unwrap_or(base.da_dai_hoi.num);
    let mut f = Figures {
        so_chi_bo: so,
        da_dai_hoi: Ratio::new(held, so),
        cap_uy_vien: k.cap_uy_vien.unwrap_or(base.cap_uy_vien),
        bi_thu: k.bi_thu.unwrap_or(base.bi_thu),
        pho_bi_thu: k.pho_bi_thu.unwrap_or(base.pho_bi_thu),
        chi_bo_7_cap_uy: k.chi_bo_7_cap_uy.unwrap_or(base.chi_bo_7_cap_uy),
        chi_bo_5_cap_uy: k.chi_bo_5_cap_uy.unwrap_or(base.chi_bo_5_cap_uy),
        chi_bo_khong_chi_uy: k.chi_bo_khong_chi_uy.unwrap_or(base.chi_bo_khong_chi_uy),
        dang_vien: base.dang_vien,
        thon_tdp: base.thon_tdp.clone(),
    };
    if let Some(t) = &k.thon_tdp {
        let b = &base.thon_tdp;
        let n = t.so_chi_bo.unwrap_or(b.so_chi_bo);
        let r = |s: &Option<crate::data::TiLeNeu>, d: &Ratio| match s {
            Some(s) => Ratio::new(s.so, s.tren.unwrap_or(n)),
            None => Ratio::new(d.num, n),
        };
        f.thon_tdp = ThonTdp {
            so_chi_bo: n,
            bi_thu_moi: t.bi_thu_moi.unwrap_or(b.bi_thu_moi),
            khong_tai_cu: r(&t.khong_tai_cu, &b.khong_tai_cu),
            kiem_truong_thon: r(&t.kiem_truong_thon, &b.kiem_truong_thon),
            nu_bi_thu_pho_bi_thu: t.nu_bi_thu_pho_bi_thu.unwrap_or(b.nu_bi_thu_pho_bi_thu),
            chi_bo_co_nu_cap_uy: r(&t.chi_bo_co_nu_cap_uy, &b.chi_bo_co_nu_cap_uy),
            tuoi_bi_thu: match &t.tuoi_bi_thu {
                Some(a) => {
                    let d = b.tuoi_bi_thu.clone().unwrap_or_default();
                    Some(Ages {
                        binh_quan: a.binh_quan.unwrap_or(d.binh_quan),
                        cao_nhat: a.cao_nhat.unwrap_or(d.cao_nhat),
                        nam_sinh_cao_nhat: a.nam_sinh_cao_nhat.unwrap_or(d.nam_sinh_cao_nhat),
                        thap_nhat: a.thap_nhat.unwrap_or(d.thap_nhat),
                        nam_sinh_thap_nhat: a.nam_sinh_thap_nhat.unwrap_or(d.nam_sinh_thap_nhat),
                    })
                }
                None => b.tuoi_bi_thu.clone(),
            },
        };
    }
    f
}

/// Sum of ward figures (ratios re-computed from the summed counts; ages:
/// extremes over wards, mean weighted by secretaries is not recoverable
/// from ward means, so it is the mean of ward means weighted by cells).
pub fn sum(wards: &[Figures]) -> Figures {
    let mut f = Figures::default();
    let mut t = ThonTdp::default();
    let (mut held, mut khong, mut kiem, mut co_nu) = (0, 0, 0, 0);
    let mut ages: Vec<(&Ages, u32)> = Vec::new();
    for w in wards {
        f.so_chi_bo += w.so_chi_bo;
        held += w.da_dai_hoi.num;
        f.cap_uy_vien += w.cap_uy_vien;
        f.bi_thu += w.bi_thu;
        f.pho_bi_thu += w.pho_bi_thu;
        f.chi_bo_7_cap_uy += w.chi_bo_7_cap_uy;
        f.chi_bo_5_cap_uy += w.chi_bo_5_cap_uy;
        f.chi_bo_khong_chi_uy += w.chi_bo_khong_chi_uy;
        f.dang_vien += w.dang_vien;
        let wt = &w.thon_tdp;
        t.so_chi_bo += wt.so_chi_bo;
        t.bi_thu_moi += wt.bi_thu_moi;
        khong += wt.khong_tai_cu.num;
        kiem += wt.kiem_truong_thon.num;
        co_nu += wt.chi_bo_co_nu_cap_uy.num;
        t.nu_bi_thu_pho_bi_thu += wt.nu_bi_thu_pho_bi_thu;
        if let Some(a) = &wt.tuoi_bi_thu {
            ages.push((a, wt.so_chi_bo.max(1)));
        }
    }
    f.da_dai_hoi = Ratio::new(held, f.so_chi_bo);
    t.khong_tai_cu = Ratio::new(khong, t.so_chi_bo);
    t.kiem_truong_thon = Ratio::new(kiem, t.so_chi_bo);
    t.chi_bo_co_nu_cap_uy = Ratio::new(co_nu, t.so_chi_bo);
    if !ages.is_empty() {
        let oldest = ages.iter().max_by_key(|(a, _)| a.cao_nhat).unwrap().0;
        let youngest = ages.iter().min_by_key(|(a, _)| a.thap_nhat).unwrap().0;
        let weight: u32 = ages.iter().map(|(_, w)| w).sum();
        let mean = ages
            .iter()
            .map(|(a, w)| a.binh_quan as f64 * *w as f64)
            .sum::<f64>()
            / weight as f64;
        t.tuoi_bi_thu = Some(Ages {
            binh_quan: mean.round() as u32,
            cao_nhat: oldest.cao_nhat,
            nam_sinh_cao_nhat: oldest.nam_sinh_cao_nhat,
            thap_nhat: youngest.thap_nhat,
            nam_sinh_thap_nhat: youngest.nam_sinh_thap_nhat,
        });
    }
    f.thon_tdp = t;
    f
}
