//! Sheets -> the YAML tree of the data format, every value remembered with
//! its sheet and cell, then -> [`Dataset`] through the same serde model as
//! a YAML file. Errors name the workbook, sheet, cell and column header.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use yaml_serde::{Mapping, Value};

use super::cell::{self, a1, fold};
use super::schema::{
    self, Field, Kind, Layout, SheetDef, FORM_LABEL, FORM_VALUE, IGNORED_HEADERS, OWN_CELL,
    THEM_PREFIX,
};
use super::{Grid, Raw};
use crate::data::error::SheetPlace;
use crate::data::{nearest, DataError, Dataset, KieuDau};

/// How many rows at the top may hold a title above the header row.
const HEADER_SEARCH_ROWS: usize = 15;

/// What the reader built: the YAML tree and where each value came from.
pub struct Read {
    pub tree: Value,
    places: Places,
    /// Ward index in the dataset (after ordering by `thu_tu`) -> row order.
    order: Vec<usize>,
}

/// Where values and rows are, to point a model error at a cell: a table
/// row's object (`don_vi[2].chi_bo[4]`) or a form sheet's base (`van_ban`)
/// -> its sheet and cells. Nothing is stored per value: a table's columns
/// are shared by all its rows.
#[derive(Default)]
struct Places {
    scopes: HashMap<String, Scope>,
}

struct Scope {
    sheet: &'static SheetDef,
    /// 0-based row of a table row.
    row: Option<u32>,
    /// Key (relative; a form's list items as `key[i]`) -> 0-based row (forms)
    /// and column.
    cells: Arc<HashMap<String, (Option<u32>, u32)>>,
}

impl Places {
    /// The innermost scope holding `path`, and the rest of the path.
    fn find<'a>(&self, path: &'a str) -> Option<(&Scope, &'a str)> {
        let mut end = path.len();
        loop {
            if let Some(s) = self.scopes.get(&path[..end]) {
                return Some((s, path[end..].trim_start_matches('.')));
            }
            end = path[..end].rfind(['.', '['])?;
        }
    }

    /// The 0-based (row, column) of `rel` in `scope`, or of the first value
    /// under it (an object such as `thon_tdp.khong_tai_cu`).
    fn cell(scope: &Scope, rel: &str) -> Option<(u32, u32)> {
        let at = |(row, col): (Option<u32>, u32)| Some((row.or(scope.row)?, col));
        if let Some(c) = scope.cells.get(rel) {
            return at(*c);
        }
        let inside = |k: &&String| {
            k.strip_prefix(rel)
                .is_some_and(|r| r.starts_with('.') || r.starts_with('['))
        };
        let key = scope.cells.keys().filter(inside).min()?;
        at(scope.cells[key])
    }
}

/// Build the tree from `grids` (one per sheet). `file` names the workbook in messages.
pub fn read(grids: &[Grid], file: &str) -> Result<Read, DataError> {
    let mut r = Reader {
        file: file.to_string(),
        tree: Mapping::new(),
        places: Places::default(),
        wards: Vec::new(),
        ward_index: HashMap::new(),
    };
    let find = |name: &str| grids.iter().find(|g| fold(&g.name) == fold(name));
    let place = |sheet: &str| SheetPlace {
        sheet: sheet.to_string(),
        cell: None,
        header: None,
        label: false,
    };
    // Two sheets (or CSV files) with one name once folded: which one holds
    // the data cannot be guessed.
    for (i, g) in grids.iter().enumerate() {
        if let Some(other) = grids[..i].iter().find(|o| fold(&o.name) == fold(&g.name)) {
            return Err(r.err(
                place(&g.name),
                format!(
                    "hai trang cùng tên `{}` và `{}` (khác nhau chỉ ở chữ hoa, dấu cách): chỉ giữ một (two sheets with the same name)",
                    other.name, g.name
                ),
                None,
            ));
        }
    }
    // A sheet that holds data but would not be read: its data would be
    // missing from the report without a word.
    for g in grids {
        let known = schema::sheets()
            .iter()
            .any(|s| fold(s.name) == fold(&g.name))
            || fold(&g.name) == fold(schema::GUIDE_SHEET);
        if !known && g.has_data() {
            let names: Vec<&str> = schema::sheets().iter().map(|s| s.name).collect();
            let near = nearest_sheet(&g.name, &names);
            return Err(r.err(
                place(&g.name),
                format!(
                    "tên trang không đúng: trang có dữ liệu nhưng sẽ không được đọc; các tên trang đọc được: {} (unknown sheet name)",
                    names.join(", ")
                ),
                near,
            ));
        }
    }
    for def in schema::sheets() {
        match find(def.name) {
            Some(g) => match def.layout {
                Layout::Form => r.form(def, g)?,
                Layout::Table => r.table(def, g)?,
            },
            None if matches!(def.name, "van_ban" | "dang_bo") => {
                let mut names: Vec<&str> = grids
                    .iter()
                    .map(|g| g.name.as_str())
                    .filter(|n| fold(n) != fold(schema::GUIDE_SHEET))
                    .collect();
                names.sort_unstable();
                return Err(DataError::Cell {
                    file: file.to_string(),
                    place: Box::new(SheetPlace {
                        sheet: def.name.to_string(),
                        cell: None,
                        header: None,
                        label: false,
                    }),
                    message: format!(
                        "thiếu trang bắt buộc; các trang có: {} (missing sheet)",
                        names.join(", ")
                    ),
                    suggestion: None,
                });
            }
            None => {}
        }
    }
    Ok(Read {
        tree: Value::Mapping(r.tree),
        places: r.places,
        order: Vec::new(),
    })
}

/// The known sheet name closest to `name`, compared without tone marks,
/// case, spaces or underscores ("Chi bộ" -> `chi_bo`).
fn nearest_sheet(name: &str, known: &[&str]) -> Option<String> {
    let key = |s: &str| -> String {
        let folded = fold(s).replace('đ', "d");
        unicode_normalization::UnicodeNormalization::nfd(folded.as_str())
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    };
    let k = key(name);
    let (score, best) = known
        .iter()
        .map(|c| (strsim::jaro_winkler(&k, &key(c)), *c))
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    (score >= 0.6).then(|| best.to_string())
}

/// The dataset from a [`Read`]: tone style applied, the model's checks
/// run, errors pointed at cells.
pub fn dataset(read: &mut Read, file: &str) -> Result<Dataset, DataError> {
    let style = match get(&read.tree, "van_ban.kieu_dau") {
        Some(Value::String(s)) if s == "moi" => KieuDau::Moi,
        _ => KieuDau::Cu,
    };
    restyle(&mut read.tree, style);
    // From a reference: a copy of the tree was most of a big workbook's peak.
    let mut data: Dataset = serde_path_to_error::deserialize(&read.tree).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        locate(&read.places, file, &path, &message)
    })?;
    // The same stable sort as `order_wards`, remembered for the locator.
    let mut order: Vec<usize> = (0..data.don_vi.len()).collect();
    if data.don_vi.iter().all(|w| w.thu_tu.is_some()) {
        order.sort_by_key(|&i| data.don_vi[i].thu_tu);
    }
    read.order = order;
    crate::data::order_wards(&mut data);
    Ok(data)
}

/// Points a field path of the loaded dataset (`don_vi[3].chi_bo[5].ten`,
/// as findings name them, wards in report order) at its sheet and cell.
pub struct Locator {
    places: Places,
    order: Vec<usize>,
}

impl Read {
    pub fn locator(self) -> Locator {
        Locator {
            places: self.places,
            order: self.order,
        }
    }
}

impl Locator {
    /// The cell of `path`; for an object, its first value's cell; for a
    /// row or form item without a value, the sheet (and row).
    pub fn place(&self, path: &str) -> Option<SheetPlace> {
        let path = match path.strip_prefix("don_vi[").and_then(|r| r.split_once(']')) {
            Some((i, rest)) => {
                let i: usize = i.parse().ok()?;
                format!("don_vi[{}]{rest}", self.order.get(i)?)
            }
            None => path.to_string(),
        };
        let (scope, rel) = self.places.find(&path)?;
        let key = strip_indexes(rel);
        Some(SheetPlace {
            sheet: scope.sheet.name.to_string(),
            cell: Places::cell(scope, rel).map(|(r, c)| a1(r, c)),
            header: scope.sheet.field(&key).map(|f| f.header.clone()),
            label: scope.sheet.layout == Layout::Form,
        })
    }
}

fn restyle(v: &mut Value, style: KieuDau) {
    match v {
        Value::String(s) => {
            let styled = crate::data::dau::apply(s, style);
            if styled != *s {
                *s = styled;
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|i| restyle(i, style)),
        Value::Mapping(m) => m.iter_mut().for_each(|(_, i)| restyle(i, style)),
        _ => {}
    }
}

fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// A model error (from serde, at `path`) as a message at a cell.
fn locate(places: &Places, file: &str, path: &str, message: &str) -> DataError {
    let words = crate::data::error::backticked(message);
    let missing = message.starts_with("missing field") && !words.is_empty();
    let full = if missing {
        if path == "." {
            words[0].to_string()
        } else {
            format!("{path}.{}", words[0])
        }
    } else {
        path.to_string()
    };
    let text = if missing {
        "thiếu giá trị bắt buộc (required)".to_string()
    } else {
        crate::data::translate(message)
    };
    // The innermost row or form holding the path.
    let Some((scope, rel)) = places.find(&full) else {
        return DataError::Invalid {
            file: file.into(),
            line: 1,
            column: 1,
            path: full,
            message: text,
            suggestion: None,
        };
    };
    let key = strip_indexes(rel);
    let header = scope.sheet.field(&key).map(|f| f.header.clone());
    let form = scope.sheet.layout == Layout::Form;
    let cell = Places::cell(scope, rel).map(|(r, c)| a1(r, c));
    let message = match (missing, form, &cell, scope.row) {
        (true, true, None, _) => "thiếu mục bắt buộc (missing row)".to_string(),
        (true, false, None, Some(row)) => {
            format!("dòng {}: thiếu cột bắt buộc (missing column)", row + 1)
        }
        _ => text,
    };
    DataError::Cell {
        file: file.into(),
        place: Box::new(SheetPlace {
            sheet: scope.sheet.name.to_string(),
            cell,
            header: header.or_else(|| Some(key.clone())),
            label: form,
        }),
        message,
        suggestion: None,
    }
}

/// `noi_nhan[2]` -> `noi_nhan`.
fn strip_indexes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

struct Reader {
    file: String,
    tree: Mapping,
    places: Places,
    /// Ward ids in `don_vi` order, for the cells' `Mã đơn vị`.
    wards: Vec<String>,
    /// Ward id -> its first index in `wards`.
    ward_index: HashMap<String, usize>,
}

impl Reader {
    fn err(&self, place: SheetPlace, message: String, suggestion: Option<String>) -> DataError {
        DataError::Cell {
            file: self.file.clone(),
            place: Box::new(place),
            message,
            suggestion,
        }
    }

    fn place(&self, g: &Grid, row: usize, col: usize, header: &str, label: bool) -> SheetPlace {
        SheetPlace {
            sheet: g.name.clone(),
            cell: Some(a1(g.top + row as u32, g.left + col as u32)),
            header: Some(header.to_string()),
            label,
        }
    }

    /// Label / value rows.
    fn form(&mut self, def: &'static SheetDef, g: &Grid) -> Result<(), DataError> {
        let (start, label_col, value_col) = form_columns(g);
        let base = def.base.to_string();
        let mut cells: HashMap<String, (Option<u32>, u32)> = HashMap::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut last_list: Option<&Field> = None;
        for (r, row) in g.rows.iter().enumerate().skip(start) {
            let extra: Field;
            let raw = row.get(value_col).unwrap_or(&Raw::Empty);
            let label = row.get(label_col).and_then(cell::text);
            let field = match &label {
                None => {
                    if cell::text(raw).is_none() {
                        continue;
                    }
                    match last_list {
                        Some(f) => f,
                        None => return Err(self
                            .err(
                                self.place(g, r, value_col, "", true),
                                "giá trị không có tên mục ở cột bên trái (value without a label)"
                                    .into(),
                                None,
                            )
                            .without_header()),
                    }
                }
                Some(l) => {
                    let k = fold(l);
                    match def
                        .fields
                        .iter()
                        .find(|f| fold(&f.header) == k || f.key == *l)
                    {
                        Some(f) => f,
                        None if def.them && is_them(l) => {
                            extra = them_field(l).map_err(|m| {
                                self.err(self.place(g, r, label_col, l, true), m, None)
                            })?;
                            &extra
                        }
                        None => {
                            let labels = def.fields.iter().map(|f| f.header.as_str());
                            let near = nearest_folded(l, labels);
                            return Err(self.err(
                                self.place(g, r, label_col, l, true),
                                "tên mục không có trong mẫu (unknown label)".into(),
                                near,
                            ));
                        }
                    }
                }
            };
            last_list = match field.kind {
                Kind::List => def.field(&field.key),
                _ => None,
            };
            let place = self.place(g, r, value_col, &field.header, true);
            if field.kind != Kind::List && label.is_some() {
                let here = place.cell.clone().unwrap_or_default();
                if let Some(first) = seen.insert(field.key.clone(), here) {
                    return Err(self.err(
                        place,
                        format!("mục lặp lại, đã có ở ô {first} (duplicate)"),
                        None,
                    ));
                }
            }
            let value = cell::value(raw, scalar(field.kind))
                .map_err(|m| self.err(place.clone(), m, None))?;
            let at = (Some(g.top + r as u32), g.left + value_col as u32);
            if field.kind == Kind::List {
                cells.entry(field.key.clone()).or_insert(at);
            } else {
                cells.insert(field.key.clone(), at);
            }
            if let Some(v) = value {
                let path = format!("{base}.{}", field.key);
                if field.kind == Kind::List {
                    let n = push(&mut self.tree, &path, v);
                    cells.insert(format!("{}[{n}]", field.key), at);
                } else {
                    set(&mut self.tree, &path, v);
                }
            }
        }
        self.places.scopes.insert(
            base,
            Scope {
                sheet: def,
                row: None,
                cells: Arc::new(cells),
            },
        );
        Ok(())
    }

    /// A header row, then one row per item.
    fn table(&mut self, def: &'static SheetDef, g: &Grid) -> Result<(), DataError> {
        let Some((header_row, columns)) = self.header(def, g)? else {
            return Ok(());
        };
        let id_col = def
            .id
            .and_then(|id| columns.iter().find(|(_, f)| f.key == id).map(|(c, _)| *c));
        if def.name == "chi_bo" && id_col.is_none() {
            return Err(self.err(
                SheetPlace {
                    sheet: g.name.clone(),
                    cell: None,
                    header: Some("Mã đơn vị".into()),
                    label: false,
                },
                "thiếu cột mã đơn vị của mỗi chi bộ (missing column)".into(),
                None,
            ));
        }
        let cells: Arc<HashMap<String, (Option<u32>, u32)>> = Arc::new(
            columns
                .iter()
                .map(|(c, f)| (f.key.clone(), (None, g.left + *c as u32)))
                .collect(),
        );
        let mut totals = Totals::default();
        for (r, row) in g.rows.iter().enumerate().skip(header_row + 1) {
            let blank = columns
                .iter()
                .all(|(c, _)| row.get(*c).and_then(cell::text).is_none());
            if blank {
                continue;
            }
            let id = id_col.and_then(|c| row.get(c)).and_then(cell::text);
            let id_is_total = id.as_deref().is_some_and(is_total_text);
            if (id.is_none() || id_is_total)
                && row.iter().filter_map(cell::text).any(|t| is_total_text(&t))
            {
                self.check_total(g, r, row, &columns, &mut totals)?;
                continue;
            }
            let counts = self.table_row(def, g, r, row, &columns, &cells)?;
            totals.add(&counts);
        }
        Ok(())
    }

    fn table_row(
        &mut self,
        def: &'static SheetDef,
        g: &Grid,
        r: usize,
        row: &[Raw],
        columns: &[(usize, Cow<'static, Field>)],
        cells: &Arc<HashMap<String, (Option<u32>, u32)>>,
    ) -> Result<Vec<(usize, u64)>, DataError> {
        let mut item = Mapping::new();
        let mut counts = Vec::new();
        let mut list_path = def.base.to_string();
        for (c, field) in columns {
            let raw = row.get(*c).unwrap_or(&Raw::Empty);
            let place = || self.place(g, r, *c, &field.header, false);
            let value = cell::value(raw, field.kind).map_err(|m| self.err(place(), m, None))?;
            if field.kind == Kind::WardRef {
                let own = match &value {
                    Some(Value::String(id)) => is_own_cell(id),
                    _ => self.wards.is_empty(),
                };
                if own {
                    list_path = "dang_bo.chi_bo_truc_thuoc".to_string();
                    continue;
                }
                let Some(Value::String(id)) = value else {
                    return Err(self.err(
                        place(),
                        format!(
                            "thiếu mã đơn vị (phường, xã) của chi bộ; chi bộ trực thuộc đảng bộ: ghi {OWN_CELL} (missing ward id)"
                        ),
                        None,
                    ));
                };
                let Some(&w) = self.ward_index.get(&id) else {
                    let near = nearest(&id, self.wards.iter().map(String::as_str));
                    return Err(self.err(
                        place(),
                        format!("mã đơn vị `{id}` không có ở trang don_vi (unknown ward id)"),
                        near,
                    ));
                };
                list_path = format!("don_vi[{w}].chi_bo");
                continue;
            }
            if let Some(v) = value {
                if let (Kind::Count, Value::Number(n)) = (field.kind, &v) {
                    counts.push((*c, n.as_u64().unwrap_or(0)));
                }
                set_in(&mut item, &field.key, v);
            }
        }
        if def.name == "don_vi" {
            let id = match item.get("ma") {
                Some(Value::String(id)) => id.clone(),
                _ => String::new(),
            };
            self.ward_index
                .entry(id.clone())
                .or_insert(self.wards.len());
            self.wards.push(id);
        }
        let n = push_at(&mut self.tree, &list_path, Value::Mapping(item));
        self.places.scopes.insert(
            format!("{list_path}[{n}]"),
            Scope {
                sheet: def,
                row: Some(g.top + r as u32),
                cells: Arc::clone(cells),
            },
        );
        Ok(counts)
    }

    /// The header row and its columns. `None`: the sheet is empty.
    #[allow(clippy::type_complexity)]
    fn header(
        &self,
        def: &'static SheetDef,
        g: &Grid,
    ) -> Result<Option<(usize, Vec<(usize, Cow<'static, Field>)>)>, DataError> {
        if !g.has_data() {
            return Ok(None);
        }
        let mut best: Option<(usize, usize)> = None;
        for r in 0..g.rows.len().min(HEADER_SEARCH_ROWS) {
            let n = (0..g.rows[r].len())
                .filter(|c| header_field(def, g, r, *c).is_some())
                .count();
            if n > 0 && best.is_none_or(|(_, b)| n > b) {
                best = Some((r, n));
            }
        }
        let Some((r, _)) = best else {
            let first: Vec<&str> = def
                .fields
                .iter()
                .take(3)
                .map(|f| f.header.as_str())
                .collect();
            return Err(self.err(
                SheetPlace {
                    sheet: g.name.clone(),
                    cell: None,
                    header: None,
                    label: false,
                },
                format!(
                    "không tìm thấy dòng tiêu đề cột (vd. \"{}\") (no header row)",
                    first.join("\", \"")
                ),
                None,
            ));
        };
        let mut columns: Vec<(usize, Cow<'static, Field>)> = Vec::new();
        let width = g.rows.iter().map(Vec::len).max().unwrap_or(0);
        for c in 0..width {
            // Own text, or that of a header merged down from the row above.
            let text = g.rows[r].get(c).and_then(cell::text).or_else(|| {
                let up = r.checked_sub(1)?;
                g.rows[up].get(c).and_then(cell::text)
            });
            if let Some(f) = header_field(def, g, r, c) {
                if let Some((first, _)) = columns.iter().find(|(_, f2)| f2.key == f.key) {
                    return Err(self.err(
                        self.place(g, r, c, &f.header, false),
                        format!(
                            "cột lặp lại, đã có ở ô {} (duplicate column)",
                            a1(g.top + r as u32, g.left + *first as u32)
                        ),
                        None,
                    ));
                }
                columns.push((c, Cow::Borrowed(f)));
                continue;
            }
            match text {
                Some(t) if def.them && is_them(&t) => {
                    let f = them_field(&t)
                        .map_err(|m| self.err(self.place(g, r, c, &t, false), m, None))?;
                    if let Some((first, _)) = columns.iter().find(|(_, f2)| f2.key == f.key) {
                        return Err(self.err(
                            self.place(g, r, c, &t, false),
                            format!(
                                "cột lặp lại, đã có ở ô {} (duplicate column)",
                                a1(g.top + r as u32, g.left + *first as u32)
                            ),
                            None,
                        ));
                    }
                    columns.push((c, Cow::Owned(f)));
                }
                Some(t) if IGNORED_HEADERS.contains(&fold(&t).as_str()) => {}
                Some(t) => {
                    let near = nearest_folded(&t, def.fields.iter().map(|f| f.header.as_str()));
                    return Err(self.err(
                        self.place(g, r, c, &t, false),
                        "tiêu đề cột không có trong mẫu (unknown column header)".into(),
                        near,
                    ));
                }
                None => {
                    let data = g.rows[r + 1..]
                        .iter()
                        .position(|row| row.get(c).and_then(cell::text).is_some());
                    if let Some(d) = data {
                        return Err(self
                            .err(
                                self.place(g, r + 1 + d, c, "", false),
                                "ô có dữ liệu nhưng cột không có tiêu đề (column without a header)"
                                    .into(),
                                None,
                            )
                            .without_header());
                    }
                }
            }
        }
        Ok(Some((r, columns)))
    }

    fn check_total(
        &self,
        g: &Grid,
        r: usize,
        row: &[Raw],
        columns: &[(usize, Cow<'static, Field>)],
        totals: &mut Totals,
    ) -> Result<(), DataError> {
        for (c, field) in columns {
            if field.kind != Kind::Count {
                continue;
            }
            let raw = row.get(*c).unwrap_or(&Raw::Empty);
            let place = self.place(g, r, *c, &field.header, false);
            let Some(Value::Number(n)) =
                cell::value(raw, Kind::Count).map_err(|m| self.err(place.clone(), m, None))?
            else {
                continue;
            };
            let stated = n.as_u64().unwrap_or(0);
            let since = totals.since.get(c).copied().unwrap_or(0);
            let all = totals.all.get(c).copied().unwrap_or(0);
            if stated != since && stated != all {
                return Err(self.err(
                    place,
                    format!(
                        "dòng tổng ghi {stated} nhưng cộng các dòng trên được {since} (total row does not match the rows above)"
                    ),
                    None,
                ));
            }
        }
        totals.since.clear();
        Ok(())
    }
}

#[derive(Default)]
struct Totals {
    /// Column -> sum since the last total row.
    since: HashMap<usize, u64>,
    /// Column -> sum of every data row.
    all: HashMap<usize, u64>,
}

impl Totals {
    fn add(&mut self, counts: &[(usize, u64)]) {
        for &(c, n) in counts {
            *self.since.entry(c).or_default() += n;
            *self.all.entry(c).or_default() += n;
        }
    }
}

/// A `them.KEY` header or label.
fn is_them(t: &str) -> bool {
    t.get(..THEM_PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(THEM_PREFIX))
}

/// The field of a `them.KEY` header or label: any value, at `them.KEY`.
fn them_field(t: &str) -> Result<Field, String> {
    let key = t[THEM_PREFIX.len()..].trim();
    if key.is_empty() || key.contains(['.', '[', ']']) {
        return Err(format!(
            "`{t}`: tên trường thêm phải là một khóa, không rỗng, không có dấu chấm, vd. them.so_dai_bieu (bad extra field name)"
        ));
    }
    Ok(Field {
        key: format!("them.{key}"),
        header: t.to_string(),
        kind: Kind::Any,
        required: false,
        help: "",
    })
}

/// The ward id of a cell directly under the committee: `(trực thuộc)`,
/// also without the brackets.
fn is_own_cell(id: &str) -> bool {
    let k = fold(id);
    k == fold(OWN_CELL) || k == fold(OWN_CELL.trim_matches(['(', ')']))
}

/// "Tổng cộng", "Cộng", "TỔNG SỐ": the label of a total row. A total row
/// has no id (or this label in the id column); "Tổng công ty ..." with a
/// ward id is a cell.
fn is_total_text(t: &str) -> bool {
    let k = fold(t);
    k.starts_with("tổng") || k.starts_with("cộng")
}

/// The field the header cell at (`r`, `c`) names: its own text, or with
/// the text of a merged cell above it ("Bí thư" over "Họ tên"). An empty
/// cell under a header merged down over two rows takes that header.
fn header_field(def: &'static SheetDef, g: &Grid, r: usize, c: usize) -> Option<&'static Field> {
    let by = |t: &str| {
        let k = fold(t);
        def.fields
            .iter()
            .find(|f| fold(&f.header) == k || f.key == t)
    };
    let Some(own) = g.rows[r].get(c).and_then(cell::text) else {
        let up = r.checked_sub(1)?;
        let above = g.rows[up].get(c).and_then(cell::text)?;
        return by(&above).or_else(|| by(strip_parens(&above)));
    };
    if let Some(f) = by(&own).or_else(|| by(strip_parens(&own))) {
        return Some(f);
    }
    let above = r.checked_sub(1).and_then(|up| {
        (0..=c)
            .rev()
            .find_map(|cc| g.rows[up].get(cc).and_then(cell::text))
    })?;
    by(&format!("{own} {above}")).or_else(|| by(&format!("{above} {own}")))
}

/// "Số đảng viên (người)" -> "Số đảng viên".
fn strip_parens(s: &str) -> &str {
    match (s.rfind('('), s.trim_end().ends_with(')')) {
        (Some(i), true) if i > 0 => s[..i].trim_end(),
        _ => s,
    }
}

fn nearest_folded<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let list: Vec<&str> = candidates.into_iter().collect();
    let folded: Vec<String> = list.iter().map(|c| fold(c)).collect();
    let best = nearest(&fold(word), folded.iter().map(String::as_str))?;
    let i = folded.iter().position(|f| *f == best)?;
    Some(list[i].to_string())
}

/// A form sheet's first data row and its label and value columns: those
/// headed "Mục" and "Giá trị", or A and B.
fn form_columns(g: &Grid) -> (usize, usize, usize) {
    for (r, row) in g.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let col = |name: &str| {
            row.iter()
                .position(|c| cell::text(c).is_some_and(|t| fold(&t) == fold(name)))
        };
        if let (Some(l), Some(v)) = (col(FORM_LABEL), col(FORM_VALUE)) {
            return (r + 1, l, v);
        }
    }
    (0, 0, 1)
}

/// A form sheet's List field is read one row at a time.
fn scalar(kind: Kind) -> Kind {
    if kind == Kind::List {
        Kind::Text
    } else {
        kind
    }
}

fn mapping<'a>(m: &'a mut Mapping, key: &str) -> &'a mut Mapping {
    let k = Value::String(key.to_string());
    if !matches!(m.get(&k), Some(Value::Mapping(_))) {
        m.insert(k.clone(), Value::Mapping(Mapping::new()));
    }
    match m.get_mut(&k) {
        Some(Value::Mapping(inner)) => inner,
        _ => unreachable!("just inserted"),
    }
}

/// Set `a.b.c` in a mapping.
fn set_in(m: &mut Mapping, path: &str, v: Value) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut cur = m;
    for p in parts {
        cur = mapping(cur, p);
    }
    cur.insert(Value::String(last.to_string()), v);
}

fn set(tree: &mut Mapping, path: &str, v: Value) {
    set_in(tree, path, v)
}

/// Push onto the list at `a.b.c`; returns the new item's index.
fn push(tree: &mut Mapping, path: &str, v: Value) -> usize {
    push_at(tree, path, v)
}

/// Push onto the list at a path that may go through `don_vi[i]`.
fn push_at(tree: &mut Mapping, path: &str, v: Value) -> usize {
    let mut cur = tree;
    let parts: Vec<&str> = path.split('.').collect();
    let (last, init) = parts.split_last().expect("a path");
    for p in init {
        cur = match p.split_once('[') {
            Some((name, idx)) => {
                let i: usize = idx.trim_end_matches(']').parse().unwrap_or(0);
                match mapping_seq(cur, name).get_mut(i) {
                    Some(Value::Mapping(inner)) => inner,
                    _ => unreachable!("ward rows are read before cells"),
                }
            }
            None => mapping(cur, p),
        };
    }
    let seq = mapping_seq(cur, last);
    seq.push(v);
    seq.len() - 1
}

fn mapping_seq<'a>(m: &'a mut Mapping, key: &str) -> &'a mut Vec<Value> {
    let k = Value::String(key.to_string());
    if !matches!(m.get(&k), Some(Value::Sequence(_))) {
        m.insert(k.clone(), Value::Sequence(Vec::new()));
    }
    match m.get_mut(&k) {
        Some(Value::Sequence(s)) => s,
        _ => unreachable!("just inserted"),
    }
}

impl DataError {
    /// The same error without a header in its place.
    fn without_header(mut self) -> Self {
        if let DataError::Cell { place, .. } = &mut self {
            place.header = None;
        }
        self
    }
}
