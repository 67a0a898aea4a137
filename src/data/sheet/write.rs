//! A [`Dataset`] -> the fill-in workbook (`du-lieu.xlsx`), with
//! `rust_xlsxwriter`: a guide sheet, then one sheet per [`schema`] entry;
//! Vietnamese headers with the YAML key in a note, a frozen header row,
//! column widths, drop-downs for the closed lists. Same data, same bytes.

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, Note, Workbook, Worksheet,
    XlsxError,
};
use yaml_serde::Value;

use super::cell::{any_text, choice_label, to_serial};
use super::schema::{
    self, Field, Kind, Layout, SheetDef, FORM_HELP, FORM_LABEL, FORM_VALUE, OWN_CELL, THEM_PREFIX,
};
use crate::data::{Dataset, Ngay};

/// Rows below the data that keep the drop-downs, for rows a clerk adds.
const SPARE_ROWS: u32 = 500;
/// Excel's longest text in a cell.
const MAX_CELL_CHARS: usize = 32_767;

/// The workbook's bytes.
pub fn workbook(data: &Dataset) -> Result<Vec<u8>, String> {
    let tree = yaml_serde::to_value(data).map_err(|e| e.to_string())?;
    build(&tree).map_err(|e| match e {
        Error::Xlsx(e) => format!("không tạo được bảng tính: {e}"),
        Error::Text(m) => format!("{}{m}", at_source(data, &m)),
    })
}

/// "du-lieu.yaml, dòng 37: " for a message starting with a field path
/// (`dang_bo.them.ds: ...`): the first line after a `them:` (or the line)
/// that holds the path's last key. Just the file when not found.
fn at_source(data: &Dataset, message: &str) -> String {
    let Some(src) = data.source.as_deref() else {
        return String::new();
    };
    let path = message.split(": ").next().unwrap_or_default();
    let key = match path.split_once(".them.") {
        Some((_, k)) => k,
        None => path.rsplit('.').next().unwrap_or_default(),
    };
    let mut after_them = !path.contains(".them.");
    let line = src.text.lines().position(|l| {
        let t = l.trim_start().trim_start_matches("- ");
        if t.starts_with("them:") {
            after_them = true;
        }
        after_them
            && !key.is_empty()
            && t.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
    });
    match line {
        Some(n) => format!("{}, dòng {}: ", src.file, n + 1),
        None => format!("{}: ", src.file),
    }
}

enum Error {
    Xlsx(XlsxError),
    Text(String),
}

impl From<XlsxError> for Error {
    fn from(e: XlsxError) -> Self {
        Error::Xlsx(e)
    }
}

struct Formats {
    header: Format,
    bold: Format,
    date: Format,
    wrap: Format,
    help: Format,
}

fn build(tree: &Value) -> Result<Vec<u8>, Error> {
    if let Some(Value::Sequence(cells)) = get(tree, "dang_bo.chi_bo_truc_thuoc") {
        if cells.is_empty() {
            return Err(Error::Text(
                "dang_bo.chi_bo_truc_thuoc: danh sách rỗng không ghi được vào bảng tính (trang chi_bo không có dòng nào là \"không có chi bộ\"); bỏ mục này hoặc thêm chi bộ (an empty list cannot be written to a workbook)".into(),
            ));
        }
    }
    let mut book = Workbook::new();
    // A fixed creation time: the same data gives the same bytes.
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&fixed)
            .set_author("baocao")
            .set_title("Dữ liệu báo cáo kết quả đại hội chi bộ"),
    );
    let fmt = Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color("#DDEBF7"),
        bold: Format::new().set_bold(),
        date: Format::new().set_num_format("dd/mm/yyyy"),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        help: Format::new().set_italic().set_font_color("#595959"),
    };
    guide(book.add_worksheet(), &fmt)?;
    for def in schema::sheets() {
        let ws = book.add_worksheet();
        ws.set_name(def.name)?;
        ws.set_default_note_author("baocao");
        match def.layout {
            Layout::Form => form(ws, def, tree, &fmt)?,
            Layout::Table => table(ws, def, tree, &fmt)?,
        }
    }
    Ok(super::zip_origin::made_on_unix(book.save_to_buffer()?))
}

fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(v, |v, k| v.get(k))
        .filter(|v| !v.is_null())
}

fn form(ws: &mut Worksheet, def: &SheetDef, tree: &Value, fmt: &Formats) -> Result<(), Error> {
    for (c, h) in [FORM_LABEL, FORM_VALUE, FORM_HELP].into_iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &fmt.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    // Labels on one line (a wrapped label overlaps the next row when
    // the program opening the file keeps the default row height).
    let longest = def.fields.iter().map(|f| f.header.chars().count()).max();
    ws.set_column_width(0, (longest.unwrap_or(20) as f64 * 1.05).max(20.0))?;
    ws.set_column_width(1, 60)?;
    ws.set_column_width(2, 44)?;
    let base = get(tree, def.base);
    let mut row = 1u32;
    for field in &def.fields {
        let value = base.and_then(|b| get(b, &field.key));
        let items: Vec<Option<&Value>> = match (field.kind, value) {
            (Kind::List, Some(Value::Sequence(s))) if !s.is_empty() => s.iter().map(Some).collect(),
            _ => vec![value],
        };
        for (i, item) in items.into_iter().enumerate() {
            if field.required {
                ws.write_string_with_format(row, 0, &field.header, &fmt.bold)?;
            } else {
                ws.write_string(row, 0, &field.header)?;
            }
            if i == 0 {
                let key = format!("{}.{}", def.base, field.key);
                ws.insert_note(row, 0, &Note::new(key).add_author_prefix(false))?;
                if !field.help.is_empty() {
                    ws.write_string_with_format(row, 2, field.help, &fmt.help)?;
                }
            }
            let kind = if field.kind == Kind::List {
                Kind::Text
            } else {
                field.kind
            };
            if let Some(v) = item {
                write_value(ws, row, 1, kind, v, fmt)?;
            }
            validate(ws, row, row, 1, field)?;
            row += 1;
        }
    }
    if def.them {
        for (key, v) in them(base) {
            let label = format!("{THEM_PREFIX}{key}");
            ws.write_string(row, 0, &label)?;
            let path = format!("{}.them.{key}", def.base);
            ws.insert_note(row, 0, &Note::new(&path).add_author_prefix(false))?;
            write_any(ws, row, 1, &path, v, fmt)?;
            row += 1;
        }
    }
    Ok(())
}

/// The extra fields (`them`) of an object, in key order.
fn them(item: Option<&Value>) -> Vec<(String, &Value)> {
    match item.and_then(|i| get(i, "them")) {
        Some(Value::Mapping(m)) => m
            .iter()
            .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v))
            .collect(),
        _ => Vec::new(),
    }
}

/// An extra value as the cell it reads back from exactly: a text, a
/// number or a yes/no. Anything else is refused, naming the field.
fn write_any(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    path: &str,
    v: &Value,
    fmt: &Formats,
) -> Result<(), Error> {
    let refuse = |why: &str| {
        Err(Error::Text(format!(
            "{path}: {why}; bảng tính chỉ ghi được văn bản, số nguyên, số thập phân hoặc có/không (cannot be written to a workbook: only a text, number or yes/no)"
        )))
    };
    let key = path.rsplit("them.").next().unwrap_or_default();
    if key.is_empty() || key.contains(['.', '[', ']']) || key.trim() != key {
        return refuse("tên trường có dấu chấm, ngoặc vuông hoặc khoảng trắng ở đầu/cuối");
    }
    match v {
        Value::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) if i.unsigned_abs() < (1 << 53) => {
                ws.write_number(row, col, i as f64)?;
            }
            (None, Some(f)) if f.is_finite() && f.fract() != 0.0 => {
                ws.write_number(row, col, f)?;
            }
            _ => return refuse(&format!("số {n} không giữ nguyên được")),
        },
        Value::String(s) if s.is_empty() || s.trim() != s => {
            return refuse("văn bản rỗng hoặc có khoảng trắng ở đầu/cuối")
        }
        Value::String(s) if !matches!(any_text(s.clone()), Value::String(_)) => {
            return refuse(&format!(
                "văn bản \"{s}\" sẽ được đọc lại là số hoặc có/không; trong YAML hãy ghi nó không có dấu nháy"
            ))
        }
        Value::String(s) if crate::data::normalize(s) != *s => {
            return refuse("văn bản chưa chuẩn hóa Unicode (NFC)")
        }
        Value::String(_) => write_value(ws, row, col, Kind::Text, v, fmt)?,
        Value::Null => return refuse("giá trị rỗng (null)"),
        _ => return refuse("danh sách hoặc nhóm trường"),
    }
    Ok(())
}

fn table(ws: &mut Worksheet, def: &SheetDef, tree: &Value, fmt: &Formats) -> Result<(), Error> {
    for (c, field) in def.fields.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, &field.header, &fmt.header)?;
        let key = if field.kind == Kind::WardRef {
            "don_vi[].ma".to_string()
        } else {
            format!("{}[].{}", def.base, field.key)
        };
        let mut note = key;
        if !field.help.is_empty() {
            note = format!("{note}\n{}", field.help);
        }
        ws.insert_note(0, c, &Note::new(note).add_author_prefix(false))?;
        ws.set_column_width(c, width(field))?;
    }
    let rows = rows(def, tree);
    // Extra fields: one `them.KEY` column per key any row has.
    let mut extra: Vec<String> = Vec::new();
    if def.them {
        for (_, item) in &rows {
            for (k, _) in them(Some(item)) {
                if !extra.contains(&k) {
                    extra.push(k);
                }
            }
        }
        extra.sort();
    }
    let first_extra = def.fields.len() as u16;
    for (i, key) in extra.iter().enumerate() {
        let c = first_extra + i as u16;
        ws.write_string_with_format(0, c, format!("{THEM_PREFIX}{key}"), &fmt.header)?;
        let note = format!("{}[].them.{key}\nTrường thêm (them)", def.base);
        ws.insert_note(0, c, &Note::new(note).add_author_prefix(false))?;
        ws.set_column_width(c, 16)?;
    }
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 0)?;
    let mut r = 1u32;
    for (ward, item) in &rows {
        for (c, field) in def.fields.iter().enumerate() {
            let v = if field.kind == Kind::WardRef {
                ward.as_ref()
            } else {
                get(item, &field.key)
            };
            if let Some(v) = v {
                write_value(ws, r, c as u16, field.kind, v, fmt)?;
            }
        }
        for (i, key) in extra.iter().enumerate() {
            if let Some(v) = get(item, "them").and_then(|t| t.get(key.as_str())) {
                let path = format!("{}[].them.{key}", def.base);
                write_any(ws, r, first_extra + i as u16, &path, v, fmt)?;
            }
        }
        r += 1;
    }
    for (c, field) in def.fields.iter().enumerate() {
        validate_cols(ws, 1, r + SPARE_ROWS, c as u16, field)?;
    }
    Ok(())
}

/// A table sheet's items; for `chi_bo`, with the id of their ward, then
/// the committee's own cells (`dang_bo.chi_bo_truc_thuoc`) marked
/// [`OWN_CELL`].
fn rows<'a>(def: &SheetDef, tree: &'a Value) -> Vec<(Option<Value>, &'a Value)> {
    let seq = |v: Option<&'a Value>| match v {
        Some(Value::Sequence(s)) => s.iter().collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    match def.base.split_once("[]") {
        Some((wards, rest)) => seq(get(tree, wards))
            .into_iter()
            .flat_map(|w| {
                let id = get(w, "ma");
                seq(get(w, rest.trim_start_matches('.')))
                    .into_iter()
                    .map(move |c| (id.cloned(), c))
            })
            .chain(
                seq(get(tree, "dang_bo.chi_bo_truc_thuoc"))
                    .into_iter()
                    .map(|c| (Some(Value::String(OWN_CELL.to_string())), c)),
            )
            .collect(),
        None => seq(get(tree, def.base))
            .into_iter()
            .map(|i| (None, i))
            .collect(),
    }
}

fn width(field: &Field) -> f64 {
    let base: f64 = match field.kind {
        Kind::Text if field.key.ends_with("ten") || field.key.ends_with("ho_ten") => 26.0,
        Kind::Text | Kind::List => 30.0,
        Kind::Date => 12.0,
        Kind::Choice(_) => 14.0,
        _ => 10.0,
    };
    let header = field.header.chars().count() as f64 / 2.2;
    base.max(header).min(40.0)
}

fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    kind: Kind,
    v: &Value,
    fmt: &Formats,
) -> Result<(), Error> {
    let text = |ws: &mut Worksheet, s: &str, f: Option<&Format>| -> Result<(), Error> {
        if s.chars().count() > MAX_CELL_CHARS {
            return Err(Error::Text(format!(
                "văn bản dài quá {MAX_CELL_CHARS} ký tự, không vừa một ô bảng tính (text too long for a cell): {}...",
                s.chars().take(40).collect::<String>()
            )));
        }
        match f {
            Some(f) => ws.write_string_with_format(row, col, s, f)?,
            None => ws.write_string(row, col, s)?,
        };
        Ok(())
    };
    match (kind, v) {
        (Kind::Date, Value::Mapping(_)) => {
            let n: Ngay =
                yaml_serde::from_value(v.clone()).map_err(|e| Error::Text(e.to_string()))?;
            ws.write_number_with_format(row, col, to_serial(n), &fmt.date)?;
        }
        (Kind::Bool, Value::Bool(b)) => text(ws, if *b { "có" } else { "không" }, None)?,
        (Kind::Choice(list), Value::String(s)) => {
            text(ws, choice_label(s, list).unwrap_or(s), None)?
        }
        (Kind::List, Value::Sequence(items)) => {
            let lines: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            text(ws, &lines.join("\n"), Some(&fmt.wrap))?
        }
        (_, Value::Number(n)) => {
            ws.write_number(row, col, n.as_f64().unwrap_or(0.0))?;
        }
        (_, Value::String(s)) if s.is_empty() => {}
        (_, Value::String(s)) if s.contains('\n') => text(ws, s, Some(&fmt.wrap))?,
        (_, Value::String(s)) => text(ws, s, None)?,
        (_, Value::Bool(b)) => text(ws, if *b { "có" } else { "không" }, None)?,
        _ => {}
    }
    Ok(())
}

fn validate(ws: &mut Worksheet, r0: u32, r1: u32, col: u16, field: &Field) -> Result<(), Error> {
    validate_cols(ws, r0, r1, col, field)
}

/// A drop-down for a closed list or yes/no.
fn validate_cols(
    ws: &mut Worksheet,
    r0: u32,
    r1: u32,
    col: u16,
    field: &Field,
) -> Result<(), Error> {
    let labels: Vec<&str> = match field.kind {
        Kind::Choice(list) => list.iter().map(|(_, l)| *l).collect(),
        Kind::Bool => vec!["có", "không"],
        _ => return Ok(()),
    };
    let dv = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title("Giá trị không có trong danh sách")?
        .set_error_message(format!("Chọn một trong: {}", labels.join(", ")))?;
    ws.add_data_validation(r0, col, r1, col, &dv)?;
    Ok(())
}

/// The "Hướng dẫn" sheet: how to fill in, then every sheet and column.
fn guide(ws: &mut Worksheet, fmt: &Formats) -> Result<(), Error> {
    ws.set_name(schema::GUIDE_SHEET)?;
    ws.set_column_width(0, 42)?;
    ws.set_column_width(1, 34)?;
    ws.set_column_width(2, 18)?;
    ws.set_column_width(3, 60)?;
    let intro = [
        "Dữ liệu báo cáo kết quả đại hội chi bộ: điền các trang rồi chạy `baocao render du-lieu.xlsx`.",
        "Trang van_ban, dang_bo, noi_dung: mỗi dòng một mục (cột Mục) và giá trị của nó (cột Giá trị).",
        "Trang can_cu, don_vi, chi_bo, chu_thich: dòng đầu là tiêu đề cột; mỗi dòng sau là một văn bản, đơn vị, chi bộ, chú thích.",
        "Không đổi tên trang và tiêu đề cột (ghi chú ở mỗi tiêu đề là khóa YAML tương ứng). Có thể thêm cột STT hoặc Ghi chú: không được đọc.",
        "Ngày: ngày/tháng/năm (15/8/2019) hoặc định dạng ngày của Excel. Có/không: chọn trong danh sách. Ô trống: không có số liệu.",
        "Dòng tổng (Tổng cộng, Cộng) ở cuối bảng được nhận ra và đối chiếu với tổng các dòng trên, không đọc là một đơn vị.",
        "Chi bộ trực thuộc đảng bộ (đảng bộ xã báo cáo các chi bộ của mình): ở trang chi_bo, cột Mã đơn vị ghi (trực thuộc), hoặc để trống khi trang don_vi không có dòng nào.",
        "Trường thêm (them) mà mẫu báo cáo đọc: cột (trang don_vi, chi_bo) hoặc mục (trang van_ban, dang_bo) tên them.KHÓA, vd. them.so_dai_bieu.",
        "Kiểm tra: `baocao check du-lieu.xlsx`. Đổi sang YAML: `baocao chuyen du-lieu.xlsx du-lieu.yaml`.",
    ];
    let mut r = 0u32;
    for line in intro {
        ws.merge_range(r, 0, r, 3, line, &fmt.wrap)?;
        ws.set_row_height(r, 30)?;
        r += 1;
    }
    r += 1;
    for (c, h) in ["Trang / cột", "Khóa YAML", "Kiểu", "Ghi chú"]
        .into_iter()
        .enumerate()
    {
        ws.write_string_with_format(r, c as u16, h, &fmt.header)?;
    }
    r += 1;
    for def in schema::sheets() {
        ws.write_string_with_format(r, 0, def.name, &fmt.header)?;
        ws.write_string(r, 1, def.base)?;
        ws.write_string(r, 3, def.about)?;
        r += 1;
        for field in &def.fields {
            ws.write_string(r, 0, &field.header)?;
            ws.write_string(r, 1, &field.key)?;
            ws.write_string(r, 2, kind_name(field))?;
            if !field.help.is_empty() {
                ws.write_string(r, 3, field.help)?;
            }
            r += 1;
        }
    }
    Ok(())
}

fn kind_name(field: &Field) -> &'static str {
    match (field.kind, field.required) {
        (Kind::Text, true) => "văn bản, bắt buộc",
        (Kind::Text, false) => "văn bản",
        (Kind::Count, true) => "số, bắt buộc",
        (Kind::Count, false) | (Kind::Int, _) => "số",
        (Kind::Percent, _) => "tỉ lệ %",
        (Kind::Date, true) => "ngày, bắt buộc",
        (Kind::Date, false) => "ngày",
        (Kind::Bool, _) => "có/không",
        (Kind::Choice(_), true) => "danh sách, bắt buộc",
        (Kind::Choice(_), false) => "danh sách",
        (Kind::List, _) => "nhiều dòng",
        (Kind::WardRef, _) => "mã đơn vị",
        (Kind::Any, _) => "văn bản, số, có/không",
    }
}
