//! The routes: a fixed table, nothing read from the disk by a request's
//! path. `GET /` and `/tai-nguyen/*` the page; `/api/*` JSON for its
//! script; `/tai/*` the files to save.

use std::io::Read;
use std::time::{Duration, Instant};

use serde::Serialize;
use tiny_http::{Method, Request};

use super::http::{self, Reply, Target};
use super::session::Session;
use super::state::Choice;
use super::{assets, App};
use crate::cli::jobs::{self, Format, Job, Target as JobTarget};
use crate::data::MAX_FILE_BYTES;
use crate::stats::Severity;

/// How long a page's wait for a change is held before it is answered anyway.
pub const WAIT: Duration = Duration::from_secs(20);

/// Answer `rq`. Never panics out (a panic becomes a 500 for this request).
pub fn handle(app: &App, rq: Request) {
    // The long wait is answered later by the watcher, not here.
    let rq = match route_wait(app, rq) {
        Some(rq) => rq,
        None => return,
    };
    let mut rq = rq;
    let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(app, &mut rq)))
        .unwrap_or_else(|_| {
            http::error(
                500,
                "Lỗi nội bộ của baocao (internal error); xin báo lỗi kèm tệp dữ liệu.",
            )
        });
    let _ = rq.respond(reply);
}

/// `GET /api/cho?the-he=N`: held until the change counter moves past N.
fn route_wait(app: &App, rq: Request) -> Option<Request> {
    let target = Target::parse(rq.url());
    let Some(target) = target.filter(|t| t.is(&["api", "cho"])) else {
        return Some(rq);
    };
    if let Err(refused) = http::allowed(app, &rq, &target) {
        let _ = rq.respond(refused);
        return None;
    }
    let seen: u64 = target
        .query
        .get("the-he")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    app.wait(rq, seen, Instant::now() + WAIT);
    None
}

/// The answer to a wait: the counter now.
pub fn generation_reply(app: &App) -> Reply {
    #[derive(Serialize)]
    struct G {
        the_he: u64,
    }
    http::json(
        200,
        &G {
            the_he: app.generation(),
        },
    )
}

fn answer(app: &App, rq: &mut Request) -> Reply {
    let Some(target) = Target::parse(rq.url()) else {
        return http::not_found();
    };
    if let Err(refused) = http::allowed(app, rq, &target) {
        return refused;
    }
    let seg: Vec<&str> = target.segments.iter().map(String::as_str).collect();
    let get = matches!(rq.method(), Method::Get | Method::Head);
    if !get && !http::same_origin(rq) {
        return http::error(
            403,
            "Yêu cầu không đến từ trang của baocao (cross-origin request refused).",
        );
    }
    match (get, seg.as_slice()) {
        (true, []) => {
            let mut reply = http::asset(
                "text/html; charset=utf-8",
                assets::INDEX.as_bytes().to_vec(),
            );
            if target.query.contains_key("khoa") {
                if let Some(c) = http::key_cookie(app) {
                    reply = reply.with_header(c);
                }
            }
            reply
        }
        (true, ["tai-nguyen", name]) => match assets::get(name) {
            Some((ctype, body)) => http::asset(ctype, body),
            None => http::not_found(),
        },
        (true, ["phong", name]) => match app.font(name) {
            Some((mime, data)) => http::font(mime, data.to_vec()),
            None => http::not_found(),
        },
        (true, ["favicon.ico"]) => http::asset("image/svg+xml", assets::ICON.as_bytes().to_vec()),
        (true, ["api", "thong-tin"]) => info(app),
        (false, ["api", "tai-len"]) if *rq.method() == Method::Post => upload(app, rq, &target),
        (false, ["api", "phien", id, "luu"]) if *rq.method() == Method::Post => {
            with_session(app, id, |s| save(app, s, &target))
        }
        (true, ["api", "phien", id]) => with_session(app, id, |s| check(app, s)),
        (true, ["api", "phien", id, "xem"]) => with_session(app, id, |s| preview(app, s, &target)),
        (true, ["tai", "bang-tinh-mau.xlsx"]) => match assets::sample_workbook() {
            Ok(bytes) => http::download("du-lieu.xlsx", XLSX, bytes),
            Err(e) => http::error(500, &e),
        },
        (true, ["tai", id, file]) => with_session(app, id, |s| download(app, s, file, &target)),
        _ => http::not_found(),
    }
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn with_session(app: &App, id: &str, f: impl FnOnce(&Session) -> Reply) -> Reply {
    match app.sessions.get(id) {
        Some(s) => f(&s),
        None => http::error(
            404,
            "Phiên làm việc này không còn (máy chủ đã khởi động lại hoặc đã mở nhiều tệp khác): hãy chọn lại tệp dữ liệu.",
        ),
    }
}

fn info(app: &App) -> Reply {
    #[derive(Serialize)]
    struct Info {
        mau: Vec<String>,
        mau_chung: &'static str,
        mau_don_vi: &'static str,
        thu_muc_mau: Option<String>,
        the_he: u64,
        phien: Option<String>,
        phien_ban: &'static str,
    }
    http::json(
        200,
        &Info {
            mau: app.template_names(),
            mau_chung: crate::template::TOWN,
            mau_don_vi: crate::template::WARD,
            thu_muc_mau: app.templates.as_ref().map(|d| d.display().to_string()),
            the_he: app.generation(),
            phien: app.start.as_ref().map(|s| s.id.clone()),
            phien_ban: env!("CARGO_PKG_VERSION"),
        },
    )
}

/// `POST /api/tai-len?ten=NAME` with the file as the body.
fn upload(app: &App, rq: &mut Request, target: &Target) -> Reply {
    let name = target.query.get("ten").cloned().unwrap_or_default();
    let too_large = || {
        http::error(
            413,
            &format!(
                "{name}: tệp quá lớn, tối đa {} MB (file too large)",
                MAX_FILE_BYTES >> 20
            ),
        )
    };
    if rq.body_length().is_some_and(|n| n as u64 > MAX_FILE_BYTES) {
        return too_large();
    }
    let mut bytes = Vec::new();
    if let Err(e) = rq
        .as_reader()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
    {
        return http::error(400, &format!("{name}: không nhận được tệp ({e})"));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return too_large();
    }
    match app.sessions.add_upload(app.scratch(), &name, bytes) {
        Ok(s) => {
            #[derive(Serialize)]
            struct Made {
                phien: String,
            }
            http::json(
                200,
                &Made {
                    phien: s.id.clone(),
                },
            )
        }
        Err(message) => http::error(422, &message),
    }
}

/// A row of the findings table.
#[derive(Serialize)]
struct Row {
    /// "Lỗi" or "Cảnh báo".
    muc: &'static str,
    loi: bool,
    /// Sheet and cell (workbook), or the field path (YAML).
    vi_tri: String,
    /// The finding's message, as `check` words it.
    noi_dung: String,
    /// The whole line `check` prints.
    dong: String,
}

#[derive(Serialize)]
struct Table {
    cot: Vec<String>,
    hang: Vec<Vec<String>>,
}

/// A report the page can show: the town's (`ma` empty) or a unit's.
#[derive(Serialize)]
struct Report {
    ma: String,
    ten: String,
    /// File stem, as `render` and `batch` name the files.
    tep: String,
}

#[derive(Serialize)]
struct Check {
    phien: String,
    ten: String,
    tieu_de: String,
    tom_tat: String,
    ket_qua: Vec<Row>,
    bang: Vec<Table>,
    bao_cao: Vec<Report>,
    tep_zip: String,
    /// The folder "Lưu vào thư mục" writes to (none with `--mang`).
    luu_vao: Option<String>,
    /// Why no report can be made (a load error, errors in the data).
    chan: Option<String>,
}

/// `GET /api/phien/ID`: the `check` result.
fn check(app: &App, s: &Session) -> Reply {
    let content = s.content();
    let mut out = Check {
        phien: s.id.clone(),
        ten: s.name.clone(),
        tieu_de: String::new(),
        tom_tat: String::new(),
        ket_qua: Vec::new(),
        bang: Vec::new(),
        bao_cao: Vec::new(),
        tep_zip: String::new(),
        luu_vao: save_dir(app, s).ok().map(|d| d.display().to_string()),
        chan: None,
    };
    let loaded = match content.as_ref() {
        Ok(l) => l,
        Err(message) => {
            out.tom_tat = "Không đọc được dữ liệu.".into();
            out.chan = Some(message.clone());
            return http::json(200, &out);
        }
    };
    let view = crate::cli::CheckView::new(&loaded.data, &loaded.stats, &loaded.findings);
    out.tieu_de = view.heading();
    out.tom_tat = view.summary();
    out.bang = view
        .tables()
        .into_iter()
        .map(|rows| {
            let mut rows = rows.into_iter();
            Table {
                cot: rows.next().unwrap_or_default(),
                hang: rows.collect(),
            }
        })
        .collect();
    for f in &loaded.findings {
        let line = crate::cli::finding_line(f, &s.path, loaded.locator.as_deref());
        let place = loaded
            .locator
            .as_deref()
            .and_then(|l| l.place(&f.path))
            .map_or_else(|| format!("trường {}", f.path), |p| p.to_string());
        let full = f.to_string();
        let head = format!("[{}] `{}`: ", f.rule, f.path);
        let message = full
            .split_once(&head)
            .map_or_else(|| full.clone(), |(_, m)| m.to_string());
        let error = f.severity == Severity::Error;
        out.ket_qua.push(Row {
            muc: if error { "Lỗi" } else { "Cảnh báo" },
            loi: error,
            vi_tri: s.clean(&place),
            noi_dung: message,
            dong: s.clean(&line),
        });
    }
    let errors = out.ket_qua.iter().filter(|r| r.loi).count();
    if errors > 0 {
        out.chan = Some(format!(
            "{}: {errors} lỗi trong dữ liệu, không lập báo cáo: hãy sửa các lỗi trong bảng «Kết quả kiểm tra» rồi chọn lại tệp (errors in the data: no report made).",
            s.name
        ));
    }
    let town = jobs::town_job(&loaded.data, &s.path);
    out.tep_zip = format!("{}.zip", town.stem);
    out.bao_cao.push(Report {
        ma: String::new(),
        ten: "Báo cáo chung".into(),
        tep: town.stem,
    });
    for j in jobs::ward_jobs(&loaded.data) {
        if let JobTarget::Ward(id) = &j.target {
            out.bao_cao.push(Report {
                ma: id.clone(),
                ten: j.label.clone(),
                tep: j.stem.clone(),
            });
        }
    }
    http::json(200, &out)
}

/// The main templates a request chose (`mau`, `mau-don-vi`): names from
/// the page's list only, never a path.
fn choice(app: &App, target: &Target) -> Result<Choice, Reply> {
    let names = app.template_names();
    let pick = |key: &str| -> Result<Option<String>, Reply> {
        match target.query.get(key).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) if names.contains(v) => Ok(Some(v.clone())),
            Some(v) => Err(http::error(
                422,
                &format!(
                    "không có mẫu «{v}» (template not found; có: {})",
                    names.join(", ")
                ),
            )),
        }
    };
    Ok(Choice {
        town: pick("mau")?,
        ward: pick("mau-don-vi")?,
    })
}

/// The data, or why no report can be made from it.
fn ready(s: &Session) -> Result<std::sync::Arc<Result<super::session::Loaded, String>>, Reply> {
    let content = s.content();
    match content.as_ref() {
        Err(m) => return Err(http::error(422, m)),
        Ok(l) => {
            let errors = l
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            if errors > 0 {
                return Err(http::error(
                    422,
                    &format!(
                        "{}: {errors} lỗi trong dữ liệu, không lập báo cáo (errors in the data: no report made; see `baocao check`)",
                        s.name
                    ),
                ));
            }
        }
    }
    Ok(content)
}

/// What a preview or a download needs: the data (loaded, without errors)
/// and the templates chosen.
type Inputs = (
    std::sync::Arc<Result<super::session::Loaded, String>>,
    Choice,
);

fn inputs(app: &App, s: &Session, target: &Target) -> Result<Inputs, Reply> {
    let content = ready(s)?;
    Ok((content, choice(app, target)?))
}

/// `GET /api/phien/ID/xem?don-vi=MA&mau=..&mau-don-vi=..`: the report's
/// pages as SVG, from the same layout as the PDF.
fn preview(app: &App, s: &Session, target: &Target) -> Reply {
    let (content, choice) = match inputs(app, s, target) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Ok(loaded) = content.as_ref() else {
        return http::not_found();
    };
    let job = match target.query.get("don-vi").filter(|v| !v.is_empty()) {
        Some(id) => match jobs::ward_job(&loaded.data, id) {
            Ok(j) => j,
            Err(e) => return http::error(422, &format!("{e:#}")),
        },
        None => jobs::town_job(&loaded.data, &s.path),
    };
    let made = (|| -> anyhow::Result<(Vec<String>, Vec<String>, String)> {
        let engine = app.engine(&choice)?;
        let reports = engine.reports(&loaded.data, &loaded.stats);
        let doc = jobs::document(&reports, &job)?;
        let missing = jobs::check_glyphs(&doc, glyphs(s))?;
        let warnings: Vec<String> = doc
            .warnings
            .iter()
            .chain(&missing)
            .map(|d| d.to_string())
            .collect();
        let pages = crate::svg::render(&doc)?;
        let css = app.fonts_css(&crate::svg::web_fonts_for(&doc.settings)?);
        Ok((pages, warnings, css))
    })()
    .map_err(|e| jobs::with_data_line(e.context(job.label.clone()), &s.path));
    match made {
        Ok((pages, warnings, css)) => {
            #[derive(Serialize)]
            struct Pages {
                trang: Vec<String>,
                canh_bao: Vec<String>,
                phong: String,
            }
            http::json(
                200,
                &Pages {
                    trang: pages,
                    canh_bao: warnings.iter().map(|w| s.clean(w)).collect(),
                    phong: css,
                },
            )
        }
        Err(e) => http::error(422, &s.clean(&format!("{e:#}"))),
    }
}

fn glyphs(s: &Session) -> jobs::Glyphs<'_> {
    jobs::Glyphs {
        data_file: &s.path,
        allow_missing: false,
    }
}

/// `GET /tai/ID/STEM.pdf|STEM.docx|TOWN.zip`: what `render` (or `batch`)
/// writes for the same data and templates, byte for byte.
fn download(app: &App, s: &Session, file: &str, target: &Target) -> Reply {
    with_reports(app, s, target, |loaded, reports, all| {
        download_of(s, file, loaded, reports, all)
    })
}

/// The session's data, the templates the request chose, every job of the
/// batch: what a download and a save both start from, or the reply why not.
fn with_reports(
    app: &App,
    s: &Session,
    target: &Target,
    f: impl FnOnce(&super::session::Loaded, &crate::template::Reports, &[Job]) -> Reply,
) -> Reply {
    let (content, choice) = match inputs(app, s, target) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Ok(loaded) = content.as_ref() else {
        return http::not_found();
    };
    let engine = match app.engine(&choice) {
        Ok(e) => e,
        Err(e) => return http::error(422, &s.clean(&e.to_string())),
    };
    let all = jobs::all_jobs(&loaded.data, &s.path);
    let reports = engine.reports(&loaded.data, &loaded.stats);
    f(loaded, &reports, &all)
}

fn download_of(
    s: &Session,
    file: &str,
    loaded: &super::session::Loaded,
    reports: &crate::template::Reports,
    all: &[Job],
) -> Reply {
    let town = all.iter().find(|j| j.target == JobTarget::Town);
    if town.is_some_and(|t| file == format!("{}.zip", t.stem)) {
        return match batch_zip(reports, all, s, &loaded.data) {
            Ok(bytes) => http::download(file, "application/zip", bytes),
            Err(m) => http::error(422, &m),
        };
    }
    let (stem, format) = match file.rsplit_once('.') {
        Some((stem, "pdf")) => (stem, Format::Pdf),
        Some((stem, "docx")) => (stem, Format::Docx),
        _ => return http::not_found(),
    };
    let Some(job) = all.iter().find(|j| j.stem == stem) else {
        return http::not_found();
    };
    match render(reports, job, &[format], s) {
        Ok(mut files) => match files.pop() {
            Some((_, bytes)) => http::download(file, content_type(format), bytes),
            None => http::not_found(),
        },
        Err(m) => http::error(422, &m),
    }
}

fn content_type(f: Format) -> &'static str {
    match f {
        Format::Pdf => "application/pdf",
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
}

/// A report's files: (file name, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// One report's files as `render` makes them: (file name, bytes).
fn render(
    reports: &crate::template::Reports,
    job: &Job,
    formats: &[Format],
    s: &Session,
) -> Result<Files, String> {
    jobs::render(reports, job, formats, glyphs(s))
        .map(|made| {
            made.files
                .into_iter()
                .map(|(f, r)| (format!("{}.{}", job.stem, f.ext()), r.bytes))
                .collect()
        })
        .map_err(|e| {
            let e = jobs::with_data_line(e.context(job.label.clone()), &s.path);
            s.clean(&format!("{e:#}"))
        })
}

/// Every report of a batch (each unit's and the town's, PDF and DOCX, the
/// files `batch` writes) in one zip, in the batch's order. Any report that
/// fails fails the zip, with every failure named.
fn batch_zip(
    reports: &crate::template::Reports,
    all: &[Job],
    s: &Session,
    data: &crate::data::Dataset,
) -> Result<Vec<u8>, String> {
    let d = &data.van_ban.ngay;
    let mut zip = crate::docx::zip::ZipOut::new((d.nam, d.thang, d.ngay), 1 << 20);
    for (name, bytes) in batch_files(reports, all, s)? {
        // PDF and DOCX are compressed already: stored nearly as is.
        zip.add(&name, &bytes, 1);
    }
    Ok(zip.finish())
}

/// The files of a batch, in its order; any failure fails them all.
fn batch_files(
    reports: &crate::template::Reports,
    all: &[Job],
    s: &Session,
) -> Result<Files, String> {
    use rayon::prelude::*;
    let formats = [Format::Pdf, Format::Docx];
    let made: Vec<Result<Files, String>> = all
        .par_iter()
        .map(|j| render(reports, j, &formats, s))
        .collect();
    let failed: Vec<String> = made
        .iter()
        .zip(all)
        .filter_map(|(r, j)| {
            r.as_ref()
                .err()
                .map(|m| format!("LỖI (error) [{}]: {m}", j.label))
        })
        .collect();
    if !failed.is_empty() {
        return Err(failed.join("\n"));
    }
    Ok(made.into_iter().flatten().flatten().collect())
}

/// Where this session's reports are saved on this machine, or why not.
fn save_dir(app: &App, s: &Session) -> Result<std::path::PathBuf, String> {
    if app.lan {
        return Err("Khi dùng trong mạng nội bộ (--mang), trang không ghi vào máy chạy baocao: hãy dùng các nút Tải (saving on the server is off with --mang).".into());
    }
    s.save_dir()
        .ok_or_else(|| "Không biết thư mục để lưu (no home folder): hãy dùng các nút Tải.".into())
}

/// `POST /api/phien/ID/luu`: every report of the batch (the files of the
/// zip, the files `batch` writes) saved into [`Session::save_dir`], all or
/// none, as the command line writes (a report open in Word is named and
/// nothing is replaced). Answers the folder and the file names.
fn save(app: &App, s: &Session, target: &Target) -> Reply {
    let dir = match save_dir(app, s) {
        Ok(d) => d,
        Err(m) => return http::error(403, &m),
    };
    with_reports(app, s, target, |_, reports, all| {
        match batch_files(reports, all, s) {
            Ok(files) => write_saved(s, &dir, files),
            Err(m) => http::error(422, &m),
        }
    })
}

/// Write `files` into `dir`, all or none; the folder and names, or why not.
fn write_saved(s: &Session, dir: &std::path::Path, files: Files) -> Reply {
    let not_saved = |e: anyhow::Error| {
        let e = e.context(format!("{}: không lưu được (cannot save)", dir.display()));
        http::error(422, &s.clean(&crate::os_error::error_text(&e)))
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return not_saved(e.into());
    }
    let paths: Vec<(std::path::PathBuf, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (dir.join(name), bytes.as_slice()))
        .collect();
    let refs: Vec<(&std::path::Path, &[u8])> =
        paths.iter().map(|(p, b)| (p.as_path(), *b)).collect();
    if let Err((path, e)) =
        crate::output::write_all_atomic(&refs, crate::output::Durability::EachFile)
    {
        return not_saved(anyhow::Error::new(e).context(format!(
            "{} (cannot write)",
            path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        )));
    }
    #[derive(Serialize)]
    struct Saved {
        thu_muc: String,
        tep: Vec<String>,
    }
    http::json(
        200,
        &Saved {
            thu_muc: dir.display().to_string(),
            tep: files.into_iter().map(|(n, _)| n).collect(),
        },
    )
}
