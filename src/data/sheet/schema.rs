//! The one table of sheet and column <-> model field. Reader
//! ([`super::assemble`]), writer ([`super::write`]) and the "Hướng dẫn" sheet
//! all read it: a new model field is one line here.
//!
//! A `key` is a dotted path below the sheet's `base` in the YAML tree
//! (`bi_thu.nam_sinh` under `don_vi[i].chi_bo[j]`).

use std::sync::OnceLock;

/// What a cell holds and how it is read and written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Text, trimmed, NFC.
    Text,
    /// A count: a whole number >= 0 (also typed as text, "4.283" read as 4283).
    Count,
    /// A year or other whole number that may be negative.
    Int,
    /// A percentage: 31,51 or "31,51%".
    Percent,
    /// A date: an Excel date, a serial number, `15/8/2019` or `2019-08-15`.
    Date,
    /// Yes/no: "có"/"không" (also x, 1/0, true/false).
    Bool,
    /// One of a closed list: (YAML value, label shown in the drop-down).
    Choice(&'static [(&'static str, &'static str)]),
    /// A list of texts: one row per item on a form sheet, one line per
    /// item in a table cell.
    List,
    /// The id of the ward a cell belongs to (sheet `chi_bo` only); blank
    /// or [`OWN_CELL`]: a cell directly under the committee
    /// (`dang_bo.chi_bo_truc_thuoc`).
    WardRef,
    /// A free extra value (`them.KEY`): text, number or yes/no as the cell
    /// holds it (a CSV cell is always text).
    Any,
}

/// The ward id of a cell directly under the reporting committee
/// (`dang_bo.chi_bo_truc_thuoc`): a commune committee's own cells. A blank
/// ward id means the same when sheet `don_vi` has no rows.
pub const OWN_CELL: &str = "(trực thuộc)";

/// Header (table) or label (form) prefix of an extra field: `them.so_dai_bieu`
/// is `them: {so_dai_bieu: ...}` of the row or form.
pub const THEM_PREFIX: &str = "them.";

/// Levels (`data::Cap`), for `dang_bo.cap`, `dang_bo.cap_tren` and
/// `don_vi[].loai`: built from `Cap::ALL`, labels capitalised ("Thị xã").
pub fn cap_choices() -> &'static [(&'static str, &'static str)] {
    static LIST: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    LIST.get_or_init(|| {
        crate::data::Cap::ALL
            .iter()
            .map(|c| {
                let key = match yaml_serde::to_value(c) {
                    Ok(yaml_serde::Value::String(s)) => s,
                    _ => unreachable!("a unit enum serialises as its name"),
                };
                // Made once per process: a static list like the others.
                let key: &'static str = Box::leak(key.into_boxed_str());
                let label: &'static str = Box::leak(capitalise(c.label()).into_boxed_str());
                (key, label)
            })
            .collect()
    })
}

/// Kinds of cell (`ChiBo::loai`).
pub const LOAI_CHI_BO: &[(&str, &str)] = &[
    ("thon", "Thôn"),
    ("tdp", "Tổ dân phố"),
    ("truong_hoc", "Trường học"),
    ("tram_y_te", "Trạm y tế"),
    ("cong_an", "Công an"),
    ("quan_su", "Quân sự"),
    ("co_quan", "Cơ quan"),
    ("doanh_nghiep", "Doanh nghiệp"),
];
/// How a cell's committee came (`ChiBo::hinh_thuc`).
pub const HINH_THUC: &[(&str, &str)] = &[("bau", "Bầu"), ("chi_dinh", "Chỉ định")];
/// Sex.
pub const GIOI_TINH: &[(&str, &str)] = &[("nam", "Nam"), ("nu", "Nữ")];
/// Tone-mark style.
pub const KIEU_DAU: &[(&str, &str)] = &[("cu", "Cũ (hòa, ủy)"), ("moi", "Mới (hoà, uỷ)")];
/// Extra spellings accepted for choices (label, YAML value).
pub const ALIASES: &[(&str, &str)] = &[
    ("TDP", "tdp"),
    ("Tổ dân phố (TDP)", "tdp"),
    ("Nữ", "nu"),
    ("Cũ", "cu"),
    ("Mới", "moi"),
];

/// A column (table sheet) or a row (form sheet).
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    /// The Vietnamese column header or row label.
    pub header: String,
    pub kind: Kind,
    /// Required: the model has no default for it.
    pub required: bool,
    /// One line of help for the "Hướng dẫn" sheet and the form's note column.
    pub help: &'static str,
}

/// How a sheet is laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Layout {
    /// Label / value rows: column A the label, column B the value.
    Form,
    /// A header row, then one row per item.
    Table,
}

#[derive(Debug, Clone)]
pub struct SheetDef {
    pub name: &'static str,
    pub layout: Layout,
    /// Where the sheet's values go: an object (form) or a list (table).
    /// `don_vi[].chi_bo` for the cells: grouped by their `WardRef` column.
    pub base: &'static str,
    /// A table's id column: a row without it and whose text starts with
    /// "Tổng"/"Cộng" is a total row.
    pub id: Option<&'static str>,
    pub about: &'static str,
    pub fields: Vec<Field>,
    /// Takes extra fields (`them.KEY` columns or rows): the model has `them`.
    pub them: bool,
}

impl SheetDef {
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Headers of a form sheet's columns.
pub const FORM_LABEL: &str = "Mục";
pub const FORM_VALUE: &str = "Giá trị";
pub const FORM_HELP: &str = "Ghi chú";

/// Column headers a user may add that are never read (row numbers, notes).
pub const IGNORED_HEADERS: &[&str] = &["stt", "tt", "số tt", "số thứ tự", "ghi chú", "ghi chu"];

/// The sheets, in workbook order.
pub fn sheets() -> &'static [SheetDef] {
    static SHEETS: OnceLock<Vec<SheetDef>> = OnceLock::new();
    SHEETS.get_or_init(build)
}

pub fn sheet(name: &str) -> Option<&'static SheetDef> {
    sheets().iter().find(|s| s.name == name)
}

fn f(key: &str, header: &str, kind: Kind, required: bool, help: &'static str) -> Field {
    Field {
        key: key.to_string(),
        header: header.to_string(),
        kind,
        required,
        help,
    }
}

/// Fields of a stated result block (`KetQua`), keys under `prefix`.
fn ket_qua(prefix: &str, label: &str) -> Vec<Field> {
    use Kind::*;
    let mut out = Vec::new();
    let mut add = |key: &str, name: &str, kind: Kind, help: &'static str| {
        out.push(f(
            &format!("{prefix}.{key}"),
            &format!("{label}: {name}"),
            kind,
            false,
            help,
        ));
    };
    add(
        "so_chi_bo",
        "số chi bộ",
        Count,
        "Số chi bộ trong phạm vi báo cáo",
    );
    add("da_dai_hoi", "số chi bộ đã đại hội", Count, "");
    add(
        "cap_uy_vien",
        "cấp ủy viên được bầu",
        Count,
        "Kể cả bí thư, phó bí thư",
    );
    add("bi_thu", "bí thư được bầu", Count, "");
    add("pho_bi_thu", "phó bí thư được bầu", Count, "");
    add(
        "chi_bo_chi_dinh",
        "số chi bộ được chỉ định cấp ủy",
        Count,
        "Chi bộ có chi ủy, bí thư, phó bí thư do cấp trên chỉ định",
    );
    add("chi_bo_7_cap_uy", "chi bộ có 7 cấp ủy viên", Count, "");
    add("chi_bo_5_cap_uy", "chi bộ có 5 cấp ủy viên", Count, "");
    add(
        "chi_bo_khong_chi_uy",
        "chi bộ không có chi ủy",
        Count,
        "Chỉ bầu bí thư, phó bí thư",
    );
    add(
        "thon_tdp.so_chi_bo",
        "chi bộ thôn, TDP",
        Count,
        "Mẫu số của các tỉ lệ thôn, TDP",
    );
    add(
        "thon_tdp.bi_thu_moi",
        "thôn, TDP: bí thư lần đầu",
        Count,
        "",
    );
    for (key, name) in [
        ("khong_tai_cu", "thôn, TDP: bí thư cũ không tái cử"),
        (
            "kiem_truong_thon",
            "thôn, TDP: bí thư kiêm trưởng thôn, tổ trưởng",
        ),
        ("chi_bo_co_nu_cap_uy", "thôn, TDP: chi bộ có nữ cấp ủy"),
    ] {
        add(
            &format!("thon_tdp.{key}.so"),
            name,
            Count,
            "Số nêu trong báo cáo",
        );
        add(
            &format!("thon_tdp.{key}.tren"),
            &format!("{name}, trên số"),
            Count,
            "Mẫu số, nếu khác số chi bộ thôn, TDP",
        );
        add(
            &format!("thon_tdp.{key}.ti_le"),
            &format!("{name}, tỉ lệ %"),
            Percent,
            "Tỉ lệ nêu trong báo cáo, vd. 31,51",
        );
        if key == "kiem_truong_thon" {
            add(
                "thon_tdp.nu_bi_thu_pho_bi_thu",
                "thôn, TDP: nữ bí thư, phó bí thư",
                Count,
                "",
            );
        }
    }
    for (key, name, kind) in [
        ("binh_quan", "tuổi bình quân bí thư", Count),
        ("cao_nhat", "tuổi cao nhất", Count),
        ("nam_sinh_cao_nhat", "năm sinh người cao tuổi nhất", Int),
        ("thap_nhat", "tuổi thấp nhất", Count),
        ("nam_sinh_thap_nhat", "năm sinh người trẻ nhất", Int),
    ] {
        add(
            &format!("thon_tdp.tuoi_bi_thu.{key}"),
            &format!("thôn, TDP: {name}"),
            kind,
            "",
        );
    }
    out
}

fn nguoi(prefix: &str, who: &str) -> Vec<Field> {
    use Kind::*;
    vec![
        f(
            &format!("{prefix}.ho_ten"),
            &format!("Họ tên {who}"),
            Text,
            false,
            "Ghi \"không\" khi không có; để trống: chưa rõ",
        ),
        f(
            &format!("{prefix}.gioi_tinh"),
            &format!("Giới tính {who}"),
            Choice(GIOI_TINH),
            false,
            "Nam hoặc Nữ",
        ),
        f(
            &format!("{prefix}.nam_sinh"),
            &format!("Năm sinh {who}"),
            Int,
            false,
            "vd. 1965",
        ),
        f(
            &format!("{prefix}.tai_cu"),
            &format!("{} tái cử", capitalise(who)),
            Bool,
            false,
            "có: tái cử; không: lần đầu",
        ),
        f(
            &format!("{prefix}.kiem_truong_thon"),
            &format!("{} kiêm trưởng thôn, tổ trưởng TDP", capitalise(who)),
            Bool,
            false,
            "có/không",
        ),
    ]
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn build() -> Vec<SheetDef> {
    use Kind::*;
    let van_ban = vec![
        f(
            "cap_tren",
            "Cấp trên",
            Text,
            false,
            "vd. ĐẢNG BỘ TỈNH HÀ TĨNH",
        ),
        f(
            "co_quan",
            "Cơ quan ban hành",
            Text,
            true,
            "vd. THỊ ỦY KỲ ANH",
        ),
        f(
            "so_ky_hieu",
            "Số, ký hiệu",
            Text,
            true,
            "Không có chữ \"Số\": 05-BC/Th.U",
        ),
        f(
            "dia_danh",
            "Địa danh",
            Text,
            true,
            "Địa danh ở dòng ngày tháng: Kỳ Anh",
        ),
        f(
            "ngay",
            "Ngày báo cáo",
            Date,
            true,
            "ngày/tháng/năm, vd. 15/8/2019",
        ),
        f("loai", "Loại văn bản", Text, false, "Mặc định: BÁO CÁO"),
        f("trich_yeu", "Trích yếu", Text, true, "Viết thường chữ đầu"),
        f("nhiem_ky", "Nhiệm kỳ", Text, true, "vd. 2019 - 2022"),
        f(
            "nguoi_ky.tm",
            "Thẩm quyền ký",
            Text,
            true,
            "vd. T/M BAN THƯỜNG VỤ",
        ),
        f(
            "nguoi_ky.chuc_vu",
            "Chức vụ người ký",
            Text,
            true,
            "vd. BÍ THƯ",
        ),
        f("nguoi_ky.ho_ten", "Họ tên người ký", Text, true, ""),
        f(
            "noi_nhan",
            "Nơi nhận",
            List,
            false,
            "Mỗi nơi nhận một dòng, không có \"- \"",
        ),
        f(
            "kieu_dau",
            "Kiểu bỏ dấu",
            Choice(KIEU_DAU),
            false,
            "Cũ (hòa, ủy) hoặc mới (hoà, uỷ)",
        ),
        f(
            "co_quan_bao_cao",
            "Cơ quan báo cáo",
            Text,
            false,
            "Chủ thể ở câu mở đầu, vd. Ban Tổ chức Tỉnh ủy; để trống: Ban Thường vụ",
        ),
    ];
    let can_cu = vec![
        f(
            "loai",
            "Loại văn bản",
            Text,
            true,
            "Kế hoạch, Quyết định, Chỉ thị...",
        ),
        f("so", "Số, ký hiệu", Text, true, "vd. 64-KH/Th.U"),
        f("ngay", "Ngày ban hành", Date, false, "ngày/tháng/năm"),
        f(
            "co_quan",
            "Cơ quan ban hành",
            Text,
            false,
            "vd. Ban Thường vụ Thị ủy",
        ),
        f("trich_yeu", "Trích yếu", Text, false, ""),
    ];
    let mut dang_bo = vec![
        f(
            "ten",
            "Tên đảng bộ",
            Text,
            true,
            "vd. Đảng bộ thị xã Kỳ Anh",
        ),
        f("ten_ngan", "Tên ngắn", Text, false, "vd. thị xã Kỳ Anh"),
        f(
            "cap",
            "Cấp đảng bộ",
            Choice(cap_choices()),
            false,
            "Để trống: đọc từ tên đảng bộ",
        ),
        f(
            "cap_tren",
            "Cấp trên trực tiếp",
            Choice(cap_choices()),
            false,
            "Để trống: đọc từ mục Cấp trên (trang van_ban)",
        ),
        f(
            "to_chuc_co_so.tong",
            "Tổ chức cơ sở đảng: tổng số",
            Count,
            false,
            "",
        ),
        f(
            "to_chuc_co_so.dang_bo_xa_phuong",
            "Tổ chức cơ sở đảng: đảng bộ xã, phường",
            Count,
            false,
            "",
        ),
        f(
            "to_chuc_co_so.truc_thuoc.tong",
            "Trực thuộc: tổng số",
            Count,
            false,
            "",
        ),
        f(
            "to_chuc_co_so.truc_thuoc.dang_bo",
            "Trực thuộc: đảng bộ",
            Count,
            false,
            "",
        ),
        f(
            "to_chuc_co_so.truc_thuoc.chi_bo",
            "Trực thuộc: chi bộ",
            Count,
            false,
            "",
        ),
        f(
            "to_chuc_co_so.truc_thuoc.dang_bo_doanh_nghiep",
            "Trực thuộc: đảng bộ doanh nghiệp",
            Count,
            false,
            "",
        ),
        f(
            "to_chuc_co_so.truc_thuoc.chi_bo_doanh_nghiep",
            "Trực thuộc: chi bộ doanh nghiệp",
            Count,
            false,
            "",
        ),
        f("chi_bo.tong", "Chi bộ: tổng số", Count, false, ""),
        f(
            "chi_bo.thuoc_xa_phuong",
            "Chi bộ thuộc xã, phường",
            Count,
            false,
            "",
        ),
        f(
            "chi_bo.thuoc_co_quan",
            "Chi bộ thuộc cơ quan, doanh nghiệp",
            Count,
            false,
            "",
        ),
        f("dang_vien", "Số đảng viên", Count, false, "Toàn đảng bộ"),
        f(
            "tong_so_chi_bo",
            "Tổng số chi bộ trực thuộc",
            Count,
            false,
            "Khi báo cáo chỉ gồm một số chi bộ",
        ),
        f(
            "chuc_danh_truong_thon",
            "Chức danh trưởng thôn",
            Text,
            false,
            "Mặc định: thôn trưởng, tổ trưởng TDP",
        ),
    ];
    dang_bo.extend(ket_qua("ket_qua", "Kết quả"));
    let noi_dung = vec![
        f("mo_dau", "Mở đầu", Text, false, "Markdown được phép"),
        f(
            "dac_diem",
            "I. Đặc điểm tình hình",
            Text,
            false,
            "Thêm sau các số liệu",
        ),
        f(
            "lanh_dao_chuan_bi",
            "II. Lãnh đạo, chỉ đạo, chuẩn bị",
            Text,
            false,
            "",
        ),
        f("van_kien", "III.2. Văn kiện", Text, false, ""),
        f("ket_qua", "III. Kết quả (thêm)", Text, false, ""),
        f("uu_diem", "IV.1. Ưu điểm", Text, false, ""),
        f("han_che", "IV.2. Hạn chế, nguyên nhân", Text, false, ""),
        f(
            "bai_hoc",
            "IV.3. Bài học kinh nghiệm",
            List,
            false,
            "Mỗi bài học một dòng",
        ),
        f("nhiem_vu", "V. Nhiệm vụ trọng tâm", Text, false, ""),
        f("ket_luan", "Kết luận", Text, false, ""),
    ];
    let chu_thich = vec![
        f(
            "ma",
            "Mã chú thích",
            Text,
            true,
            "Dùng trong văn bản là [^ma]",
        ),
        f(
            "noi_dung",
            "Nội dung chú thích",
            Text,
            true,
            "Markdown được phép",
        ),
    ];
    let mut don_vi = vec![
        f("ma", "Mã đơn vị", Text, true, "Không trùng: ky-lien"),
        f(
            "ten",
            "Tên đơn vị",
            Text,
            true,
            "Không có chữ phường/xã: Kỳ Liên",
        ),
        f(
            "loai",
            "Loại đơn vị",
            Choice(cap_choices()),
            true,
            "Cấp: Xã, Phường, Thị trấn, Đặc khu, Cơ quan...",
        ),
        f("thu_tu", "Thứ tự", Count, false, "Thứ tự trong báo cáo"),
        f(
            "tong_so_chi_bo",
            "Tổng số chi bộ trực thuộc",
            Count,
            false,
            "Khi dữ liệu chỉ gồm một số chi bộ",
        ),
    ];
    don_vi.extend(ket_qua("tong_hop", "Tổng hợp"));
    don_vi.extend([
        f(
            "van_ban.so_ky_hieu",
            "Báo cáo đơn vị: số, ký hiệu",
            Text,
            false,
            "",
        ),
        f(
            "van_ban.dia_danh",
            "Báo cáo đơn vị: địa danh",
            Text,
            false,
            "",
        ),
        f("van_ban.ngay", "Báo cáo đơn vị: ngày", Date, false, ""),
        f(
            "van_ban.nguoi_ky.tm",
            "Báo cáo đơn vị: thẩm quyền ký",
            Text,
            false,
            "",
        ),
        f(
            "van_ban.nguoi_ky.chuc_vu",
            "Báo cáo đơn vị: chức vụ người ký",
            Text,
            false,
            "",
        ),
        f(
            "van_ban.nguoi_ky.ho_ten",
            "Báo cáo đơn vị: họ tên người ký",
            Text,
            false,
            "",
        ),
        f(
            "van_ban.noi_nhan",
            "Báo cáo đơn vị: nơi nhận",
            List,
            false,
            "Mỗi nơi một dòng",
        ),
    ]);
    let mut chi_bo = vec![
        f(
            "@don_vi",
            "Mã đơn vị",
            WardRef,
            false,
            "Mã ở trang don_vi; (trực thuộc), hoặc trống khi không có đơn vị: chi bộ trực thuộc đảng bộ",
        ),
        f("ten", "Tên chi bộ", Text, true, "vd. TDP Liên Sơn"),
        f(
            "loai",
            "Loại chi bộ",
            Choice(LOAI_CHI_BO),
            true,
            "Chọn trong danh sách",
        ),
        f("dang_vien", "Số đảng viên", Count, false, "Để trống: chưa rõ"),
        f(
            "dang_vien_chinh_thuc",
            "Đảng viên chính thức",
            Count,
            false,
            "Để trống: chưa rõ",
        ),
        f(
            "ngay_dai_hoi",
            "Ngày đại hội",
            Date,
            false,
            "Để trống: chưa đại hội (trừ khi Đã đại hội là có)",
        ),
        f(
            "da_dai_hoi",
            "Đã đại hội",
            Bool,
            false,
            "có: đã đại hội, chưa rõ ngày; để trống: theo Ngày đại hội",
        ),
        f("dai_hoi_diem", "Đại hội điểm", Bool, false, "có/không"),
        f("sap_nhap", "Sáp nhập", Bool, false, "có/không"),
        f(
            "so_bi_thu_cu",
            "Số bí thư nhiệm kỳ trước",
            Count,
            false,
            "Mặc định 1; 0: chi bộ mới",
        ),
        f(
            "chi_uy_vien",
            "Số chi ủy viên",
            Count,
            false,
            "0: chỉ bầu bí thư, phó bí thư; để trống: chưa rõ",
        ),
        f("nu_cap_uy", "Số nữ cấp ủy", Count, false, "Để trống: chưa rõ"),
        f(
            "nhiem_ky",
            "Nhiệm kỳ của chi bộ",
            Text,
            false,
            "Khi khác nhiệm kỳ ở trang van_ban: 2025 - 2030",
        ),
        f(
            "lan_thu_nhat",
            "Đại hội lần thứ nhất",
            Bool,
            false,
            "có: chi bộ mới sáp nhập, thành lập",
        ),
        f(
            "hinh_thuc",
            "Hình thức",
            Choice(HINH_THUC),
            false,
            "Bầu (mặc định) hoặc Chỉ định",
        ),
        f(
            "co_quan_chi_dinh",
            "Cơ quan chỉ định",
            Text,
            false,
            "Mặc định: Ban Thường vụ của đảng ủy báo cáo",
        ),
        f(
            "quyet_dinh.so",
            "Số quyết định chỉ định",
            Text,
            false,
            "vd. 45-QĐ/ĐU",
        ),
        f(
            "quyet_dinh.ngay",
            "Ngày quyết định chỉ định",
            Date,
            false,
            "",
        ),
        f(
            "bau_mot_lan_du",
            "Bầu một lần đủ số lượng",
            Bool,
            false,
            "có/không; để trống: chưa rõ",
        ),
        f(
            "bi_thu_truc_tiep",
            "Bầu trực tiếp bí thư",
            Bool,
            false,
            "có/không; để trống: chưa rõ",
        ),
        f(
            "ghi_chu",
            "Ghi chú về chi bộ",
            Text,
            false,
            "Nêu trong báo cáo (Markdown): lý do hoãn đại hội...",
        ),
    ];
    chi_bo.extend(nguoi("bi_thu", "bí thư"));
    chi_bo.extend(nguoi("pho_bi_thu", "phó bí thư"));
    vec![
        SheetDef {
            name: "van_ban",
            layout: Layout::Form,
            base: "van_ban",
            id: None,
            about: "Văn bản: tiêu đề, số, ngày, người ký, nơi nhận",
            fields: van_ban,
            them: true,
        },
        SheetDef {
            name: "can_cu",
            layout: Layout::Table,
            base: "van_ban.can_cu",
            id: Some("so"),
            about: "Căn cứ: kế hoạch, quyết định... báo cáo viện dẫn, mỗi văn bản một dòng",
            fields: can_cu,
            them: false,
        },
        SheetDef {
            name: "dang_bo",
            layout: Layout::Form,
            base: "dang_bo",
            id: None,
            about: "Đảng bộ: tên, số tổ chức, số đảng viên, kết quả nêu trong báo cáo",
            fields: dang_bo,
            them: true,
        },
        SheetDef {
            name: "don_vi",
            layout: Layout::Table,
            base: "don_vi",
            id: Some("ma"),
            about: "Đơn vị: mỗi xã, phường, thị trấn, đặc khu (hoặc cơ quan) một dòng; số tổng hợp khi không có chi tiết chi bộ",
            fields: don_vi,
            them: true,
        },
        SheetDef {
            name: "chi_bo",
            layout: Layout::Table,
            base: "don_vi[].chi_bo",
            id: Some("@don_vi"),
            about: "Chi bộ: mỗi chi bộ một dòng, với mã đơn vị của nó; chi bộ trực thuộc đảng bộ (xã): mã (trực thuộc) hoặc trống",
            fields: chi_bo,
            them: true,
        },
        SheetDef {
            name: "noi_dung",
            layout: Layout::Form,
            base: "dang_bo.noi_dung",
            id: None,
            about: "Nội dung: mỗi phần của báo cáo một dòng (Markdown được phép)",
            fields: noi_dung,
            them: false,
        },
        SheetDef {
            name: "chu_thich",
            layout: Layout::Table,
            base: "dang_bo.noi_dung.chu_thich",
            id: Some("ma"),
            about: "Chú thích cuối trang của phần nội dung, mỗi chú thích một dòng",
            fields: chu_thich,
            them: false,
        },
    ]
}

/// The name of the guide sheet (never read).
pub const GUIDE_SHEET: &str = "Hướng dẫn";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_keys_are_unique_per_sheet() {
        for s in sheets() {
            let mut seen = std::collections::HashSet::new();
            for f in &s.fields {
                assert!(
                    seen.insert(super::super::cell::fold(&f.header)),
                    "{} {}",
                    s.name,
                    f.header
                );
                assert!(seen.insert(f.key.clone()), "{} {}", s.name, f.key);
            }
        }
    }
}
