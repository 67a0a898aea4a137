//! Data from a spreadsheet (issue #13): a workbook (xlsx, xlsm, xls, ods)
//! or a folder of CSV files, one per sheet, read into the same
//! [`Dataset`] as a YAML file, with the same normalisation and checks.
//!
//! Each input format ([`workbook`], [`csv`]) only turns its file into
//! [`Grid`]s of raw cells; [`read`] maps them to the YAML tree of the data
//! format through the one table in [`schema`], and the serde model does
//! the rest. [`write`] makes the fill-in workbook from the same table.

pub mod bounds;
pub mod cell;
pub mod csv;
pub mod ods;
pub mod read;
pub mod schema;
pub mod workbook;
pub mod write;
pub mod xls;
mod zip_origin;

use std::path::Path;

use super::{DataError, Dataset};

/// A formula cell whose value the file does not hold (some tools save
/// formulas without computing them): read as blank it would change a figure.
pub const FORMULA_WITHOUT_VALUE: &str = "công thức chưa có giá trị được lưu trong tệp: hãy mở và lưu tệp bằng Excel hoặc LibreOffice để giá trị được lưu (formula without a stored value: save it in Excel or LibreOffice so the value is stored)";

/// A cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Empty,
    Text(String),
    Number(f64),
    /// A number cell formatted as a percentage: Excel stores 27,03% as
    /// 0.2703 (this holds 0.2703).
    Percent(f64),
    Bool(bool),
    /// An Excel date: its serial day number.
    Date(f64),
    /// An ISO date or date-time (ODS).
    Iso(String),
    /// A formula error (`#REF!`).
    Error(String),
}

/// One sheet's cells, rows from its first used cell.
#[derive(Debug, Clone)]
pub struct Grid {
    pub name: String,
    /// 0-based row and column of `rows[0][0]` in the sheet (for A1 names).
    pub top: u32,
    pub left: u32,
    pub rows: Vec<Vec<Raw>>,
}

impl Grid {
    pub fn has_data(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.iter().any(|c| cell::text(c).is_some()))
    }
}

/// Is `path` a spreadsheet input (by extension, or a folder of CSV files)?
pub fn is_sheet_input(path: &Path) -> bool {
    path.is_dir() || workbook::is_workbook(path)
}

/// Load a workbook or a CSV folder.
pub fn load(path: &Path) -> Result<Dataset, DataError> {
    load_located(path).map(|(data, _)| data)
}

/// Load a workbook or a CSV folder, with a [`read::Locator`] to point a
/// finding's field path at its cell.
pub fn load_located(path: &Path) -> Result<(Dataset, std::sync::Arc<read::Locator>), DataError> {
    let mut r = load_tree(path)?;
    let file = path.display().to_string();
    let mut data = read::dataset(&mut r, &file)?;
    let locator = std::sync::Arc::new(r.locator());
    data.source = Some(std::sync::Arc::new(crate::data::Source {
        file,
        text: String::new(),
        sheet: Some(crate::data::SheetPlaces(locator.clone())),
    }));
    Ok((data, locator))
}

/// The YAML tree a workbook or CSV folder holds (checked against the
/// model), for `baocao chuyen` to write as YAML.
pub fn load_tree(path: &Path) -> Result<read::Read, DataError> {
    let file = path.display().to_string();
    let grids = if path.is_dir() {
        csv::grids(path)?
    } else {
        workbook::grids(path)?
    };
    read::read(&grids, &file)
}
