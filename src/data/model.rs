//! The typed data model: what a YAML data file holds, field by field.
//! Keys are the domain's Vietnamese terms in ASCII snake_case; see
//! `docs/data-format.md` for labels, meanings and examples. Every type is
//! `Serialize` (it is the Tera context) and rejects unknown keys.

use serde::{Deserialize, Serialize};

use super::values::{required_text, Ngay, TiLeNeu};

/// A whole data file: the document block, the town, its wards/communes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// The document itself (header, number, date, signer, recipients).
    pub van_ban: VanBan,
    /// The reporting party committee (a huyện, thị xã, ... over its wards, or a
    /// commune or ward committee over its own cells): structure, totals, narrative.
    pub dang_bo: DangBo,
    /// Wards and communes, in the order the report lists them.
    #[serde(default)]
    pub don_vi: Vec<DonVi>,
    /// The file this came from and its text (as parsed), so that later
    /// stages can point at a data line (a footnote cited but never
    /// defined). `None` for data built in code.
    #[serde(skip)]
    pub source: Option<std::sync::Arc<Source>>,
}

/// A data file's name and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub file: String,
    /// The YAML text as loaded (empty for a workbook).
    pub text: String,
    /// For a workbook or CSV folder: each field path's sheet and cell.
    pub sheet: Option<SheetPlaces>,
}

/// A workbook's field-path -> cell map, shared ([`super::sheet::read::Locator`]).
#[derive(Clone)]
pub struct SheetPlaces(pub std::sync::Arc<super::sheet::read::Locator>);

impl SheetPlaces {
    /// `trang chi_bo, ô B3 (cột "Tên chi bộ")` for a field path.
    pub fn place(&self, path: &str) -> Option<String> {
        self.0.place(path).map(|p| p.to_string())
    }

    /// The sheet, cell and header of a field path.
    pub fn sheet_place(&self, path: &str) -> Option<super::SheetPlace> {
        self.0.place(path)
    }
}

impl std::fmt::Debug for SheetPlaces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SheetPlaces")
    }
}

impl PartialEq for SheetPlaces {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SheetPlaces {}

impl Dataset {
    /// The ward/commune with id `ma`.
    pub fn ward(&self, id: &str) -> Option<&DonVi> {
        self.don_vi.iter().find(|w| w.ma == id)
    }

    /// The report year (from `van_ban.ngay`): ages are computed against it.
    pub fn report_year(&self) -> i32 {
        self.van_ban.ngay.nam
    }
}

/// The document block (văn bản).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VanBan {
    /// Superior body: "ĐẢNG BỘ TỈNH HÀ TĨNH".
    #[serde(default)]
    pub cap_tren: String,
    /// Issuing body: "THỊ ỦY KỲ ANH".
    #[serde(deserialize_with = "required_text")]
    pub co_quan: String,
    /// Number and symbol, without "Số": "05-BC/Th.U".
    #[serde(deserialize_with = "required_text")]
    pub so_ky_hieu: String,
    /// Place name of the date line: "Kỳ Anh".
    #[serde(deserialize_with = "required_text")]
    pub dia_danh: String,
    /// Date of the report, `YYYY-MM-DD`.
    pub ngay: Ngay,
    /// Kind of document: "BÁO CÁO".
    #[serde(default = "default_loai")]
    pub loai: String,
    /// Summary line (trích yếu), starting lower-case.
    #[serde(deserialize_with = "required_text")]
    pub trich_yeu: String,
    /// Term: "2019 - 2022".
    #[serde(deserialize_with = "required_text")]
    pub nhiem_ky: String,
    /// The signer.
    pub nguoi_ky: NguoiKy,
    /// Recipients, one per line, without the leading "- ".
    #[serde(default)]
    pub noi_nhan: Vec<String>,
    /// Plans, decisions, instructions the report cites.
    #[serde(default)]
    pub can_cu: Vec<CanCu>,
    /// Tone-mark placement: `cu` (òa, úy; default) or `moi` (oà, uý).
    #[serde(default)]
    pub kieu_dau: KieuDau,
    /// Who reports, as the opening names it: "Ban Tổ chức Tỉnh ủy" (a
    /// board of the committee). Empty: the committee's standing committee.
    #[serde(default)]
    pub co_quan_bao_cao: String,
    /// Extra fields templates read (`van_ban.them.so_ban`): free keys.
    #[serde(default)]
    pub them: Them,
}

/// Extra fields (`them:`) at a level of the data: free keys, any YAML
/// value, read by templates as `x.them.key`. Known keys stay checked: a
/// misspelt known key outside `them:` is still an error.
pub type Them = std::collections::BTreeMap<String, serde_json::Value>;

fn default_loai() -> String {
    "BÁO CÁO".to_string()
}

/// The signature block.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NguoiKy {
    /// Signing authority: "T/M BAN THƯỜNG VỤ".
    #[serde(deserialize_with = "required_text")]
    pub tm: String,
    /// Title: "BÍ THƯ", "PHÓ BÍ THƯ".
    #[serde(deserialize_with = "required_text")]
    pub chuc_vu: String,
    /// Name: "Nguyễn Văn A".
    #[serde(deserialize_with = "required_text")]
    pub ho_ten: String,
}

/// A cited document (plan, decision, instruction).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CanCu {
    /// Kind: "Kế hoạch", "Quyết định", "Chỉ thị", "Nghị quyết".
    #[serde(deserialize_with = "required_text")]
    pub loai: String,
    /// Number and symbol: "64-KH/Th.U".
    #[serde(deserialize_with = "required_text")]
    pub so: String,
    /// Date issued, if known.
    #[serde(default)]
    pub ngay: Option<Ngay>,
    /// Issuing body: "Ban Thường vụ Thị ủy".
    #[serde(default)]
    pub co_quan: String,
    /// Subject: "về đại hội chi bộ trực thuộc đảng bộ cơ sở nhiệm kỳ 2019 - 2022".
    #[serde(default)]
    pub trich_yeu: String,
}

/// Tone-mark placement style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KieuDau {
    /// Old style: òa, úy, ủy (Nghị định 30, the article).
    #[default]
    Cu,
    /// New style: oà, uý, uỷ.
    Moi,
}

/// The reporting party committee: a district-level committee (đảng bộ
/// huyện, thị xã, ...) over its wards/communes, or a grassroots committee
/// (đảng bộ xã, phường, cơ quan) over its own cells.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DangBo {
    /// "Đảng bộ thị xã Kỳ Anh".
    #[serde(deserialize_with = "required_text")]
    pub ten: String,
    /// Its level (`huyen`, `thi_xa`, `xa`, ...): every word that depends
    /// on it (Huyện ủy, Toàn Đảng bộ huyện, ...) comes from it. Absent: read
    /// from `ten` ("Đảng bộ thị xã Kỳ Anh"), else neutral wording.
    #[serde(default)]
    pub cap: Option<Cap>,
    /// The superior committee's level (`tinh`, `thanh_pho`, `huyen`, ...).
    /// Absent: read from `van_ban.cap_tren` ("ĐẢNG BỘ TỈNH HÀ TĨNH").
    #[serde(default)]
    pub cap_tren: Option<Cap>,
    /// Cells directly under this committee, in detail: a commune or ward
    /// party committee reporting on its own cells (no `don_vi` level).
    #[serde(default)]
    pub chi_bo_truc_thuoc: Option<Vec<ChiBo>>,
    /// Short name of the town: "thị xã Kỳ Anh".
    #[serde(default)]
    pub ten_ngan: String,
    /// Grassroots organisations (tổ chức cơ sở đảng), footnote 1 of the article.
    #[serde(default)]
    pub to_chuc_co_so: Option<ToChucCoSo>,
    /// Cells under the grassroots committees.
    #[serde(default)]
    pub chi_bo: Option<SoChiBo>,
    /// Party members in the whole town.
    #[serde(default)]
    pub dang_vien: Option<u32>,
    /// All the committee's cells when the report covers only some of them
    /// (a commune reporting on the cells that held their congress).
    #[serde(default)]
    pub tong_so_chi_bo: Option<u32>,
    /// The village head's title as the province writes it (default
    /// "thôn trưởng, tổ trưởng tổ dân phố"; e.g. "trưởng thôn, khu dân cư").
    #[serde(default)]
    pub chuc_danh_truong_thon: Option<String>,
    /// Results as the report states them (town totals); checked against derived ones.
    #[serde(default)]
    pub ket_qua: Option<KetQua>,
    /// Narrative sections (Markdown).
    #[serde(default)]
    pub noi_dung: NoiDung,
    /// Extra fields templates read (`dang_bo.them.so_dai_bieu`).
    #[serde(default)]
    pub them: Them,
}

/// Grassroots organisations: 32 = 12 ward/commune committees + 20 agency ones.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToChucCoSo {
    /// All grassroots organisations: 32.
    pub tong: u32,
    /// Ward/commune party committees: 12.
    pub dang_bo_xa_phuong: u32,
    /// Agency committees and cells directly under the town committee.
    pub truc_thuoc: TrucThuoc,
}

/// Footnote 1: 20 = 6 committees + 14 cells; of them 1 + 4 in enterprises.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrucThuoc {
    /// 20.
    pub tong: u32,
    /// Party committees (đảng bộ): 6.
    pub dang_bo: u32,
    /// Cells (chi bộ): 14.
    pub chi_bo: u32,
    /// Of the committees, in enterprises: 1.
    #[serde(default)]
    pub dang_bo_doanh_nghiep: u32,
    /// Of the cells, in enterprises: 4.
    #[serde(default)]
    pub chi_bo_doanh_nghiep: u32,
}

/// Cells under the grassroots committees: 162 = 121 + 41.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoChiBo {
    /// 162.
    pub tong: u32,
    /// In ward/commune committees (villages, TDP, schools, health, police): 121.
    pub thuoc_xa_phuong: u32,
    /// In agency/enterprise committees: 41.
    pub thuoc_co_quan: u32,
}

/// Congress results as stated (town `ket_qua`, or a ward's `tong_hop`).
/// Every field is optional; what is given is checked and, where no detail
/// exists, used as the figure.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KetQua {
    /// Cells in scope.
    #[serde(default)]
    pub so_chi_bo: Option<u32>,
    /// Cells that held their congress.
    #[serde(default)]
    pub da_dai_hoi: Option<u32>,
    /// Committee members elected (cấp ủy viên), secretaries and deputies included.
    #[serde(default)]
    pub cap_uy_vien: Option<u32>,
    /// Secretaries elected.
    #[serde(default)]
    pub bi_thu: Option<u32>,
    /// Deputy secretaries elected.
    #[serde(default)]
    pub pho_bi_thu: Option<u32>,
    /// Of the cells that held their congress, those whose committee was
    /// appointed (chỉ định) rather than elected.
    #[serde(default)]
    pub chi_bo_chi_dinh: Option<u32>,
    /// Cells with 7 committee members.
    #[serde(default)]
    pub chi_bo_7_cap_uy: Option<u32>,
    /// Cells with 5 committee members (footnote 2: 7).
    #[serde(default)]
    pub chi_bo_5_cap_uy: Option<u32>,
    /// Cells without a committee: only secretary and deputy (footnote 2: 10).
    #[serde(default)]
    pub chi_bo_khong_chi_uy: Option<u32>,
    /// Village/TDP cells.
    #[serde(default)]
    pub thon_tdp: Option<KetQuaThon>,
}

/// Stated results for village and residential-group (thôn, TDP) cells.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KetQuaThon {
    /// Village/TDP cells: 74 (the default denominator of the ratios below).
    #[serde(default)]
    pub so_chi_bo: Option<u32>,
    /// New secretaries (first term): 23.
    #[serde(default)]
    pub bi_thu_moi: Option<u32>,
    /// Previous secretaries not re-elected: 24, stated 31,51%.
    #[serde(default)]
    pub khong_tai_cu: Option<TiLeNeu>,
    /// Secretary also village head / TDP head: 20/74, 27,03%.
    #[serde(default)]
    pub kiem_truong_thon: Option<TiLeNeu>,
    /// Women among secretaries and deputies: 11.
    #[serde(default)]
    pub nu_bi_thu_pho_bi_thu: Option<u32>,
    /// Cells with a woman on the committee: 24, stated 32,88%.
    #[serde(default)]
    pub chi_bo_co_nu_cap_uy: Option<TiLeNeu>,
    /// Secretaries' ages.
    #[serde(default)]
    pub tuoi_bi_thu: Option<TuoiNeu>,
}

/// Stated secretary ages.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TuoiNeu {
    /// Mean age, whole years: 57.
    #[serde(default)]
    pub binh_quan: Option<u32>,
    /// Oldest: 72.
    #[serde(default)]
    pub cao_nhat: Option<u32>,
    /// Birth year of the oldest: 1947.
    #[serde(default)]
    pub nam_sinh_cao_nhat: Option<i32>,
    /// Youngest: 26.
    #[serde(default)]
    pub thap_nhat: Option<u32>,
    /// Birth year of the youngest: 1993.
    #[serde(default)]
    pub nam_sinh_thap_nhat: Option<i32>,
}

/// Narrative sections of the report, Markdown, keyed by section.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoiDung {
    /// Opening paragraph ("Thực hiện Kế hoạch số ...").
    #[serde(default)]
    pub mo_dau: String,
    /// I- extra text after the figures.
    #[serde(default)]
    pub dac_diem: String,
    /// II- leadership and preparation.
    #[serde(default)]
    pub lanh_dao_chuan_bi: String,
    /// III.2 congress documents.
    #[serde(default)]
    pub van_kien: String,
    /// III extra text on results.
    #[serde(default)]
    pub ket_qua: String,
    /// IV.1 strengths.
    #[serde(default)]
    pub uu_diem: String,
    /// IV.2 weaknesses and causes.
    #[serde(default)]
    pub han_che: String,
    /// IV.3 lessons, one entry per lesson, (1)..(n).
    #[serde(default)]
    pub bai_hoc: Vec<String>,
    /// V- tasks after the congress.
    #[serde(default)]
    pub nhiem_vu: String,
    /// Closing paragraph.
    #[serde(default)]
    pub ket_luan: String,
    /// Narrative footnotes, referenced from the text as `[^ma]`.
    #[serde(default)]
    pub chu_thich: Vec<ChuThich>,
}

/// A narrative footnote.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChuThich {
    /// Reference key, used as `[^ma]` in the Markdown.
    #[serde(deserialize_with = "required_text")]
    pub ma: String,
    /// Footnote text (Markdown).
    pub noi_dung: String,
}

/// A ward (phường) or commune (xã) party committee.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DonVi {
    /// Id/slug, unique: "ky-lien".
    #[serde(deserialize_with = "required_text")]
    pub ma: String,
    /// Name without the kind: "Kỳ Liên".
    #[serde(deserialize_with = "required_text")]
    pub ten: String,
    /// Its level: `phuong`, `xa`, `thi_tran`, `dac_khu`, `co_quan`, `doanh_nghiep`.
    pub loai: LoaiDonVi,
    /// Order in the report (1-based); wards are listed by it, then as given.
    #[serde(default)]
    pub thu_tu: Option<u32>,
    /// Cells in detail.
    #[serde(default)]
    pub chi_bo: Option<Vec<ChiBo>>,
    /// Totals, when cell detail is not at hand.
    #[serde(default)]
    pub tong_hop: Option<KetQua>,
    /// All the unit's cells when the data covers only some of them.
    #[serde(default)]
    pub tong_so_chi_bo: Option<u32>,
    /// The ward report's own document block (number, date, signer,
    /// recipients); absent fields are left blank to fill in by hand.
    #[serde(default)]
    pub van_ban: Option<VanBanDonVi>,
    /// Extra fields templates read (`ward.them.so_dai_bieu`).
    #[serde(default)]
    pub them: Them,
}

/// The document block of a ward's own report: what differs from the town's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VanBanDonVi {
    /// Number and symbol: "15-BC/ĐU".
    #[serde(default)]
    pub so_ky_hieu: Option<String>,
    /// Place in the date line: "Kỳ Liên" (default: the ward's name).
    #[serde(default)]
    pub dia_danh: Option<String>,
    /// Date of the ward report (default: the town report's date).
    #[serde(default)]
    pub ngay: Option<Ngay>,
    /// Who signs for the ward party committee.
    #[serde(default)]
    pub nguoi_ky: Option<NguoiKy>,
    /// Recipients of the ward report.
    #[serde(default)]
    pub noi_nhan: Option<Vec<String>>,
}

/// Kind of ward/commune: any [`Cap`] below the district.
pub type LoaiDonVi = Cap;

/// The level (cấp) of a party committee or unit, as the data states it.
/// Every level-dependent word of a report comes from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cap {
    Tinh,
    ThanhPho,
    Huyen,
    ThiXa,
    Quan,
    Xa,
    Phuong,
    ThiTran,
    DacKhu,
    CoQuan,
    DoanhNghiep,
}

impl Cap {
    /// Every level, for messages and tests.
    pub const ALL: [Cap; 11] = [
        Cap::Tinh,
        Cap::ThanhPho,
        Cap::Huyen,
        Cap::ThiXa,
        Cap::Quan,
        Cap::Xa,
        Cap::Phuong,
        Cap::ThiTran,
        Cap::DacKhu,
        Cap::CoQuan,
        Cap::DoanhNghiep,
    ];

    /// The level's noun, lower case: "thị xã", "phường"; "cơ quan".
    pub fn label(self) -> &'static str {
        match self {
            Cap::Tinh => "tỉnh",
            Cap::ThanhPho => "thành phố",
            Cap::Huyen => "huyện",
            Cap::ThiXa => "thị xã",
            Cap::Quan => "quận",
            Cap::Xa => "xã",
            Cap::Phuong => "phường",
            Cap::ThiTran => "thị trấn",
            Cap::DacKhu => "đặc khu",
            Cap::CoQuan => "cơ quan",
            Cap::DoanhNghiep => "doanh nghiệp",
        }
    }

    /// The noun put before a unit's name: "phường" (phường Kỳ Liên); none
    /// for an agency or enterprise, whose name says what it is.
    pub fn name_prefix(self) -> &'static str {
        match self {
            Cap::CoQuan | Cap::DoanhNghiep => "",
            c => c.label(),
        }
    }

    /// "phường Kỳ Liên", "Công ty Cổ phần X".
    pub fn full_name(self, ten: &str) -> String {
        match self.name_prefix() {
            "" => ten.to_string(),
            p => format!("{p} {ten}"),
        }
    }

    /// The committee: "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Thị ủy", "Quận
    /// ủy"; "Đảng ủy" below the district.
    pub fn committee(self) -> &'static str {
        match self {
            Cap::Tinh => "Tỉnh ủy",
            Cap::ThanhPho => "Thành ủy",
            Cap::Huyen => "Huyện ủy",
            Cap::ThiXa => "Thị ủy",
            Cap::Quan => "Quận ủy",
            _ => "Đảng ủy",
        }
    }

    /// The committee's usual document symbol: "TU", "H.U", "Th.U", "Q.U",
    /// "ĐU" (the data's `so_ky_hieu` always wins).
    pub fn symbol(self) -> &'static str {
        match self {
            Cap::Tinh | Cap::ThanhPho => "TU",
            Cap::Huyen => "H.U",
            Cap::ThiXa => "Th.U",
            Cap::Quan => "Q.U",
            _ => "ĐU",
        }
    }

    /// A district or province level: its committee has a standing
    /// committee (Ban Thường vụ) and grassroots committees under it.
    pub fn above_grassroots(self) -> bool {
        matches!(
            self,
            Cap::Tinh | Cap::ThanhPho | Cap::Huyen | Cap::ThiXa | Cap::Quan
        )
    }

    /// The unit kinds usually under this level, in the order reports list
    /// them: a huyện has "xã, thị trấn", a thị xã "xã, phường" (as the Kỳ
    /// Anh article writes), a thành phố "phường, xã", a quận "phường", a
    /// tỉnh (since 1/7/2025) "xã, phường, đặc khu".
    pub fn usual_units(self) -> &'static [Cap] {
        match self {
            Cap::Tinh => &[Cap::Xa, Cap::Phuong, Cap::DacKhu],
            Cap::ThanhPho => &[Cap::Phuong, Cap::Xa, Cap::ThiTran],
            Cap::ThiXa => &[Cap::Xa, Cap::Phuong, Cap::ThiTran],
            Cap::Huyen => &[Cap::Xa, Cap::ThiTran, Cap::Phuong],
            Cap::Quan => &[Cap::Phuong, Cap::Xa],
            _ => &[],
        }
    }

    /// The level named by the first words of `text` ("Đảng bộ huyện X",
    /// "THỊ ỦY X", "ĐẢNG BỘ TỈNH X"), for data that does not state `cap`.
    pub fn from_name(text: &str) -> Option<Cap> {
        let lower = text.to_lowercase().replace("uỷ", "ủy");
        let rest = lower.trim();
        let rest = rest.strip_prefix("đảng bộ").unwrap_or(rest).trim_start();
        let rest = rest.strip_prefix("đảng ủy").unwrap_or(rest).trim_start();
        let by_committee = [
            ("tỉnh ủy", Cap::Tinh),
            ("thành ủy", Cap::ThanhPho),
            ("huyện ủy", Cap::Huyen),
            ("thị ủy", Cap::ThiXa),
            ("quận ủy", Cap::Quan),
        ];
        for (w, c) in by_committee {
            if rest.starts_with(w) {
                return Some(c);
            }
        }
        // Longest nouns first: "thị xã" before "thị trấn" and "xã".
        let mut nouns: Vec<Cap> = Cap::ALL
            .into_iter()
            .filter(|c| !matches!(c, Cap::CoQuan | Cap::DoanhNghiep))
            .collect();
        nouns.sort_by_key(|c| std::cmp::Reverse(c.label().len()));
        nouns.into_iter().find(|c| {
            rest.strip_prefix(c.label())
                .is_some_and(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        })
    }
}

/// A party cell (chi bộ) and its congress. Every count and fact may be
/// left out (`null`, an empty cell): unknown, never taken as 0; a figure
/// derived from an unknown is unknown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChiBo {
    /// "TDP Liên Sơn".
    #[serde(deserialize_with = "required_text")]
    pub ten: String,
    /// Kind of cell.
    pub loai: LoaiChiBo,
    /// Party members; `None`: unknown.
    #[serde(default)]
    pub dang_vien: Option<u32>,
    /// Official (full) members; fewer than 9: no committee is elected.
    #[serde(default)]
    pub dang_vien_chinh_thuc: Option<u32>,
    /// Congress date; absent: not held yet (unless `da_dai_hoi: true`).
    #[serde(default)]
    pub ngay_dai_hoi: Option<Ngay>,
    /// Whether the congress was held: `true` with no date is a congress
    /// held on an unknown date; absent: held when `ngay_dai_hoi` is given.
    #[serde(default)]
    pub da_dai_hoi: Option<bool>,
    /// Pilot congress (đại hội điểm).
    #[serde(default)]
    pub dai_hoi_diem: bool,
    /// Formed by merging cells (sáp nhập).
    #[serde(default)]
    pub sap_nhap: bool,
    /// Secretaries of the previous term (2 or more when cells merged; 0 for a new cell).
    #[serde(default = "one")]
    pub so_bi_thu_cu: u32,
    /// Committee members elected (chi ủy viên), secretary and deputy included;
    /// 0 when only a secretary and a deputy were elected. At most 7.
    #[serde(default)]
    pub chi_uy_vien: Option<u32>,
    /// Women among those elected (committee, or secretary and deputy when there is none).
    #[serde(default)]
    pub nu_cap_uy: Option<u32>,
    /// The secretary: a person, `khong` (none), or absent (unknown).
    #[serde(default, deserialize_with = "super::chuc::option_chuc")]
    pub bi_thu: Option<Chuc>,
    /// The deputy secretary: a person, `khong` (none), or absent (unknown).
    #[serde(default, deserialize_with = "super::chuc::option_chuc")]
    pub pho_bi_thu: Option<Chuc>,
    /// The cell's own term when it differs from `van_ban.nhiem_ky`: a cell
    /// formed by a merger holds its first congress for "2025 - 2030".
    #[serde(default)]
    pub nhiem_ky: Option<String>,
    /// Its first congress (đại hội lần thứ nhất), after a merger or founding.
    #[serde(default)]
    pub lan_thu_nhat: bool,
    /// How the committee, secretary and deputy came: `bau` (elected, the
    /// default) or `chi_dinh` (appointed by the higher committee).
    #[serde(default)]
    pub hinh_thuc: HinhThuc,
    /// Who appointed an appointed committee: "Ban Thường vụ Đảng ủy xã"
    /// (default: the reporting committee's standing committee).
    #[serde(default)]
    pub co_quan_chi_dinh: String,
    /// The appointing decision (number, date), when known.
    #[serde(default)]
    pub quyet_dinh: Option<QuyetDinh>,
    /// Every member elected in the first round ("bầu một lần đủ số lượng").
    #[serde(default)]
    pub bau_mot_lan_du: Option<bool>,
    /// The secretary elected directly at the congress (bầu trực tiếp bí thư).
    #[serde(default)]
    pub bi_thu_truc_tiep: Option<bool>,
    /// A note on the cell (Markdown): why the congress is deferred, ...
    #[serde(default)]
    pub ghi_chu: String,
    /// Extra fields templates read (`c.them.so_dai_bieu`).
    #[serde(default)]
    pub them: Them,
}

/// A decision (quyết định): its number and date.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuyetDinh {
    /// "45-QĐ/ĐU".
    #[serde(deserialize_with = "required_text")]
    pub so: String,
    #[serde(default)]
    pub ngay: Option<Ngay>,
}

/// A post's holder: a person, or `khong`: the post is not filled (no
/// deputy). An absent holder is unknown (`Option<Chuc>`: `None`).
#[derive(Debug, Clone)]
pub enum Chuc {
    Co(NguoiGiuChuc),
    Khong,
}

impl Chuc {
    /// The person, if the post is filled.
    pub fn nguoi(&self) -> Option<&NguoiGiuChuc> {
        match self {
            Chuc::Co(p) => Some(p),
            Chuc::Khong => None,
        }
    }
}

/// How a cell's committee came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HinhThuc {
    /// Elected at the congress (bầu).
    #[default]
    Bau,
    /// Appointed by the higher committee (chỉ định).
    ChiDinh,
}

fn one() -> u32 {
    1
}

impl ChiBo {
    /// Village or residential-group cell (thôn, TDP).
    pub fn is_thon_tdp(&self) -> bool {
        matches!(self.loai, LoaiChiBo::Thon | LoaiChiBo::Tdp)
    }

    /// Whether it held its congress: `da_dai_hoi`, else a date is given.
    pub fn held(&self) -> bool {
        self.da_dai_hoi.unwrap_or(self.ngay_dai_hoi.is_some())
    }

    /// The secretary, if known and the post filled.
    pub fn bi_thu(&self) -> Option<&NguoiGiuChuc> {
        self.bi_thu.as_ref().and_then(Chuc::nguoi)
    }

    /// The deputy, if known and the post filled.
    pub fn pho_bi_thu(&self) -> Option<&NguoiGiuChuc> {
        self.pho_bi_thu.as_ref().and_then(Chuc::nguoi)
    }

    /// Whether its committee was appointed (chỉ định).
    pub fn appointed(&self) -> bool {
        self.hinh_thuc == HinhThuc::ChiDinh
    }
}

/// Kind of cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoaiChiBo {
    /// Village.
    Thon,
    /// Residential group (tổ dân phố).
    Tdp,
    TruongHoc,
    TramYTe,
    CongAn,
    QuanSu,
    CoQuan,
    DoanhNghiep,
}

/// A secretary or deputy. Sex, birth year and re-election may be left
/// out: unknown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NguoiGiuChuc {
    #[serde(deserialize_with = "required_text")]
    pub ho_ten: String,
    /// `nam` or `nu`; `None`: unknown.
    #[serde(default)]
    pub gioi_tinh: Option<GioiTinh>,
    #[serde(default)]
    pub nam_sinh: Option<i32>,
    /// Re-elected to the same post (false: first term); `None`: unknown.
    #[serde(default)]
    pub tai_cu: Option<bool>,
    /// Also village head / TDP head (thôn trưởng, tổ trưởng TDP).
    #[serde(default)]
    pub kiem_truong_thon: bool,
}

/// Sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GioiTinh {
    Nam,
    Nu,
}
