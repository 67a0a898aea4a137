//! Stats stage: derived figures and consistency checks. (issue #2)
//!
//! [`derive`] computes, per ward and for the town, the figures the report
//! prints, bottom-up from whatever detail the data has: cells in detail,
//! else a ward's stated totals (`tong_hop`), else the town's stated totals
//! (`dang_bo.ket_qua`). Every percentage is a [`Ratio`] computed from counts.
//! [`check`] compares what the data states with what it implies.

mod cells;
mod check;
mod derive;
mod finding;
mod ratio;
mod rules;
mod stated;

use serde::Serialize;

use crate::data::LoaiDonVi;

pub use check::check;
pub use derive::{derive, elected, opt_sum};
pub use finding::{Finding, Severity};
pub use ratio::{format_percent, Ratio};

/// All derived figures.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The report year (from `van_ban.ngay`); ages are relative to it.
    pub nam_bao_cao: i32,
    /// The town: the sum of its wards, or its stated totals when it has no wards.
    pub thi_xa: SoLieu,
    /// One entry per ward/commune, in the data's order.
    pub don_vi: Vec<SoLieuDonVi>,
}

impl Stats {
    /// Figures of the ward with id `ma`.
    pub fn ward(&self, ma: &str) -> Option<&SoLieuDonVi> {
        self.don_vi.iter().find(|w| w.ma == ma)
    }
}

/// Where figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Nguon {
    /// Computed from cells in detail (or wards that have them).
    ChiTiet,
    /// Taken from stated totals (some or all).
    TongHop,
    /// No data.
    KhongCo,
}

/// A ward's figures, with its identity.
#[derive(Debug, Clone, Serialize)]
pub struct SoLieuDonVi {
    pub ma: String,
    pub ten: String,
    pub loai: LoaiDonVi,
    /// "phường Kỳ Long" / "xã Kỳ Hà".
    pub ten_day_du: String,
    pub so_lieu: SoLieu,
}

/// The figures of a ward or the town. A figure is `None` when the data
/// does not give it, or when it would be computed from something the data
/// leaves unknown: unknown is never 0 (templates leave such a sentence
/// out, tables print "-").
#[derive(Debug, Clone, Serialize)]
pub struct SoLieu {
    pub nguon: Nguon,
    /// Cells in scope.
    pub so_chi_bo: Option<u32>,
    /// Cells that held their congress.
    pub so_da_dai_hoi: Option<u32>,
    /// Cells that held their congress / all cells (both known).
    pub da_dai_hoi: Option<Ratio>,
    /// Party members.
    pub dang_vien: Option<u32>,
    /// Pilot congresses.
    pub dai_hoi_diem: u32,
    /// Merged cells.
    pub sap_nhap: u32,
    /// Committee members elected or appointed, secretaries and deputies
    /// included (a cell without a committee counts its secretary and deputy).
    pub cap_uy_vien: Option<u32>,
    pub bi_thu: Option<u32>,
    pub pho_bi_thu: Option<u32>,
    pub chi_bo_7_cap_uy: Option<u32>,
    pub chi_bo_5_cap_uy: Option<u32>,
    pub chi_bo_3_cap_uy: Option<u32>,
    /// Cells with only a secretary and a deputy.
    pub chi_bo_khong_chi_uy: Option<u32>,
    /// The same, for the cells whose committee was elected (bầu).
    pub bau: TheoHinhThuc,
    /// The same, for the cells whose committee was appointed (chỉ định).
    pub chi_dinh: TheoHinhThuc,
    /// Elected cells that elected all in the first round / elected cells.
    pub bau_mot_lan_du: Option<Ratio>,
    /// Elected cells whose secretary was elected directly at the congress / elected cells.
    pub bi_thu_truc_tiep: Option<Ratio>,
    /// Village and residential-group cells.
    pub thon_tdp: SoLieuThon,
}

/// Figures of the cells of one kind of committee (elected or appointed).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TheoHinhThuc {
    /// Held cells of this kind.
    pub so_chi_bo: Option<u32>,
    pub cap_uy_vien: Option<u32>,
    pub bi_thu: Option<u32>,
    pub pho_bi_thu: Option<u32>,
}

/// Figures for village/TDP cells.
#[derive(Debug, Clone, Serialize)]
///
/// Every figure after the first two is about the cells that held their
/// congress (`da_dai_hoi`), and so is the denominator of every ratio: a cell
/// that has not held it has no new secretary, none "not re-elected".
pub struct SoLieuThon {
    pub so_chi_bo: Option<u32>,
    /// Village/TDP cells that held their congress: the ratios' denominator.
    pub da_dai_hoi: Option<u32>,
    /// Secretaries in their first term.
    pub bi_thu_moi: Option<u32>,
    /// Previous secretaries not re-elected / village-TDP cells held.
    pub khong_tai_cu: Option<Ratio>,
    /// Secretaries also village or TDP head / village-TDP cells held.
    pub kiem_truong_thon: Option<Ratio>,
    /// Women among secretaries and deputies.
    pub nu_bi_thu_pho_bi_thu: Option<u32>,
    /// Cells with a woman among those elected / village-TDP cells held.
    pub chi_bo_co_nu_cap_uy: Option<Ratio>,
    /// Secretaries' ages; `None` without data.
    pub tuoi_bi_thu: Option<Tuoi>,
}

/// Ages of a group of people, relative to the report year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tuoi {
    /// People counted.
    pub so_nguoi: u32,
    /// Sum of their ages (to combine groups).
    pub tong_tuoi: u32,
    /// Mean age, rounded to whole years (half up).
    pub binh_quan: u32,
    pub cao_nhat: TuoiNguoi,
    pub thap_nhat: TuoiNguoi,
}

/// An age with the birth year it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TuoiNguoi {
    pub tuoi: u32,
    pub nam_sinh: i32,
}

impl Tuoi {
    /// Ages of people born in `years`, in report year `nam`.
    pub fn from_birth_years(nam: i32, years: &[i32]) -> Option<Tuoi> {
        let oldest = *years.iter().min()?;
        let youngest = *years.iter().max()?;
        let age = |y: i32| (i64::from(nam) - i64::from(y)).clamp(0, i64::from(u32::MAX)) as u32;
        let tong = derive::sat_sum(years.iter().map(|&y| age(y)));
        Some(Tuoi::with_sum(
            years.len() as u32,
            tong,
            TuoiNguoi {
                tuoi: age(oldest),
                nam_sinh: oldest,
            },
            TuoiNguoi {
                tuoi: age(youngest),
                nam_sinh: youngest,
            },
        ))
    }

    fn with_sum(so_nguoi: u32, tong_tuoi: u32, cao_nhat: TuoiNguoi, thap_nhat: TuoiNguoi) -> Tuoi {
        let binh_quan = tong_tuoi
            .saturating_add(so_nguoi / 2)
            .checked_div(so_nguoi)
            .unwrap_or(0);
        Tuoi {
            so_nguoi,
            tong_tuoi,
            binh_quan,
            cao_nhat,
            thap_nhat,
        }
    }

    /// Two groups together.
    pub fn merge(a: Option<Tuoi>, b: Option<Tuoi>) -> Option<Tuoi> {
        match (a, b) {
            (Some(a), Some(b)) => Some(Tuoi::with_sum(
                a.so_nguoi.saturating_add(b.so_nguoi),
                a.tong_tuoi.saturating_add(b.tong_tuoi),
                if b.cao_nhat.tuoi > a.cao_nhat.tuoi {
                    b.cao_nhat
                } else {
                    a.cao_nhat
                },
                if b.thap_nhat.tuoi < a.thap_nhat.tuoi {
                    b.thap_nhat
                } else {
                    a.thap_nhat
                },
            )),
            (a, None) => a,
            (None, b) => b,
        }
    }
}
