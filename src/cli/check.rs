//! `baocao check DATA.yaml`: load, validate, print derived figures and findings.

use std::io::Write;
use std::path::Path;

use super::table::Table;
use super::{Verbosity, EXIT_INVALID, EXIT_OK};
use crate::data::sheet::{self, read::Locator};
use crate::diagnostic::Diagnostic;
use crate::stats::{self, Finding, Nguon, Ratio, Severity, SoLieu};

pub fn run(path: &Path, strict: bool, verbosity: Verbosity) -> i32 {
    let (data, locator) = match load_located(path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INVALID;
        }
    };
    let stats = stats::derive(&data);
    let findings = stats::check(&data, &stats);
    let view = CheckView::new(&data, &stats, &findings);
    let mut out = String::new();
    if verbosity >= Verbosity::Normal {
        out.push_str(&view.heading());
        out.push_str("\n\n");
        out.push_str(&figures(&stats.thi_xa, "Toàn đơn vị").render());
        if !stats.don_vi.is_empty() {
            out.push('\n');
            out.push_str(&wards(&stats).render());
        }
        if verbosity >= Verbosity::Verbose {
            for w in &stats.don_vi {
                out.push_str(&format!("\n{} ({})\n", w.ten_day_du, w.ma));
                out.push_str(&figures(&w.so_lieu, &w.ten).render());
            }
        }
        out.push('\n');
    }
    out.push_str(&report(&findings, path, locator.as_deref()));
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    exit_code(&findings, strict)
}

/// What `check` prints, piece by piece, for the page (`giao-dien`) to show
/// in the same words.
pub struct CheckView<'a> {
    data: &'a crate::data::Dataset,
    stats: &'a stats::Stats,
    findings: &'a [Finding],
}

impl<'a> CheckView<'a> {
    pub fn new(
        data: &'a crate::data::Dataset,
        stats: &'a stats::Stats,
        findings: &'a [Finding],
    ) -> Self {
        CheckView {
            data,
            stats,
            findings,
        }
    }

    /// "Đảng bộ ... - năm báo cáo 2019 - tính từ chi tiết các chi bộ".
    pub fn heading(&self) -> String {
        let source = match self.stats.thi_xa.nguon {
            Nguon::ChiTiet => "tính từ chi tiết các chi bộ",
            Nguon::TongHop => "theo số tổng hợp",
            Nguon::KhongCo => "không có số liệu",
        };
        format!(
            "{} - năm báo cáo {} - {}",
            self.data.dang_bo.ten, self.stats.nam_bao_cao, source
        )
    }

    /// "Kết quả kiểm tra: 1 lỗi, 2 cảnh báo."
    pub fn summary(&self) -> String {
        summary(self.findings)
    }

    /// The figure tables, each as rows (the first the header).
    pub fn tables(&self) -> Vec<Vec<Vec<String>>> {
        let mut t = vec![figures(&self.stats.thi_xa, "Toàn đơn vị").into_rows()];
        if !self.stats.don_vi.is_empty() {
            t.push(wards(self.stats).into_rows());
        }
        t
    }
}

fn summary(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let mut out = format!("Kết quả kiểm tra: {errors} lỗi, {warnings} cảnh báo.");
    if infos > 0 {
        out.push_str(&format!(
            "\n{infos} số liệu chưa rõ (thông tin, không phải lỗi): báo cáo bỏ câu, ô bảng ghi \"-\" (unknown figures: left out of the report)."
        ));
    }
    out
}

/// 0, or 1 when there are errors (or warnings and `strict`).
pub fn exit_code(findings: &[Finding], strict: bool) -> i32 {
    let bad = findings
        .iter()
        .any(|f| f.severity == Severity::Error || (strict && f.severity == Severity::Warning));
    if bad {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

/// Load YAML, or a workbook with a locator that points findings at cells.
pub fn load_located(
    path: &Path,
) -> Result<(crate::data::Dataset, Option<std::sync::Arc<Locator>>), crate::data::DataError> {
    if sheet::is_sheet_input(path) {
        sheet::load_located(path).map(|(d, l)| (d, Some(l)))
    } else {
        crate::data::load_file(path).map(|d| (d, None))
    }
}

/// A finding as a diagnostic; from a workbook, at its sheet and cell.
pub fn finding_diagnostic(f: &Finding, path: &Path, locator: Option<&Locator>) -> Diagnostic {
    let mut d = f.diagnostic();
    if let Some(place) = locator.and_then(|l| l.place(&f.path)) {
        d.location = Some(
            place
                .location(&path.display().to_string())
                .with_field(&f.path),
        );
    }
    d
}

/// A finding as printed: as every diagnostic is ([`Diagnostic::line`]).
pub fn finding_line(f: &Finding, path: &Path, locator: Option<&Locator>) -> String {
    finding_diagnostic(f, path, locator).line()
}

fn report(findings: &[Finding], path: &Path, locator: Option<&Locator>) -> String {
    let mut s = String::new();
    for f in findings {
        s.push_str(&finding_line(f, path, locator));
        s.push('\n');
    }
    s.push_str(&summary(findings));
    s.push('\n');
    s
}

fn ratio(r: &Option<Ratio>) -> String {
    match r {
        Some(r) => format!("{}/{} ({})", r.num, r.den, r.text),
        None => "-".to_string(),
    }
}

/// A figure, or "-" when the data leaves it unknown.
fn n(v: Option<u32>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn num(r: &Option<Ratio>) -> String {
    n(r.as_ref().map(|r| r.num))
}

fn figures(s: &SoLieu, column: &str) -> Table {
    let mut t = Table::new(&["Chỉ tiêu", column]);
    let mut row = |label: &str, value: String| t.row(vec![label.to_string(), value]);
    row("Chi bộ", n(s.so_chi_bo));
    row("Đã đại hội", ratio(&s.da_dai_hoi));
    if let Some(n) = s.dang_vien {
        row("Đảng viên (các chi bộ)", n.to_string());
    }
    if s.nguon == Nguon::ChiTiet {
        row("Đại hội điểm", s.dai_hoi_diem.to_string());
        row("Chi bộ sáp nhập", s.sap_nhap.to_string());
    }
    row("Cấp ủy viên", n(s.cap_uy_vien));
    row("Bí thư", n(s.bi_thu));
    row("Phó bí thư", n(s.pho_bi_thu));
    row("Chi bộ có 7 cấp ủy viên", n(s.chi_bo_7_cap_uy));
    row("Chi bộ có 5 cấp ủy viên", n(s.chi_bo_5_cap_uy));
    row("Chi bộ có 3 cấp ủy viên", n(s.chi_bo_3_cap_uy));
    row("Chi bộ không bầu chi ủy", n(s.chi_bo_khong_chi_uy));
    let th = &s.thon_tdp;
    row("Chi bộ thôn, TDP", n(th.so_chi_bo));
    row("  Bí thư mới", n(th.bi_thu_moi));
    row("  Bí thư không tái cử", ratio(&th.khong_tai_cu));
    row("  Bí thư kiêm trưởng thôn/TDP", ratio(&th.kiem_truong_thon));
    row("  Nữ bí thư, phó bí thư", n(th.nu_bi_thu_pho_bi_thu));
    row("  Chi bộ có nữ cấp ủy viên", ratio(&th.chi_bo_co_nu_cap_uy));
    if let Some(a) = &th.tuoi_bi_thu {
        row("  Tuổi bình quân bí thư", a.binh_quan.to_string());
        let person = |p: &stats::TuoiNguoi| format!("{} (sinh {})", p.tuoi, p.nam_sinh);
        row("  Bí thư cao tuổi nhất", person(&a.cao_nhat));
        row("  Bí thư trẻ tuổi nhất", person(&a.thap_nhat));
    }
    t
}

fn wards(stats: &stats::Stats) -> Table {
    let mut t = Table::new(&[
        "Đơn vị",
        "Chi bộ",
        "Đã ĐH",
        "Cấp ủy",
        "BT",
        "PBT",
        "5 CU",
        "Không CU",
        "Thôn/TDP",
        "BT mới",
        "Không TC",
        "Kiêm TT",
        "Nữ BT/PBT",
        "Có nữ CU",
        "Tuổi BQ",
    ]);
    let row = |name: &str, s: &SoLieu| {
        let th = &s.thon_tdp;
        vec![
            name.to_string(),
            n(s.so_chi_bo),
            n(s.so_da_dai_hoi),
            n(s.cap_uy_vien),
            n(s.bi_thu),
            n(s.pho_bi_thu),
            n(s.chi_bo_5_cap_uy),
            n(s.chi_bo_khong_chi_uy),
            n(th.so_chi_bo),
            n(th.bi_thu_moi),
            num(&th.khong_tai_cu),
            num(&th.kiem_truong_thon),
            n(th.nu_bi_thu_pho_bi_thu),
            num(&th.chi_bo_co_nu_cap_uy),
            th.tuoi_bi_thu
                .map_or("-".to_string(), |a| a.binh_quan.to_string()),
        ]
    };
    for w in &stats.don_vi {
        t.row(row(&w.ten_day_du, &w.so_lieu));
    }
    t.row(row("Tổng", &stats.thi_xa));
    t
}
