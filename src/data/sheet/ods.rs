//! An OpenDocument spreadsheet (ods) -> [`Grid`]s, reading `content.xml`
//! as a stream. Not through calamine: it builds every sheet, repeats
//! expanded, when the file opens, so a 48 KB file repeating a cell 99
//! million times took gigabytes. Here a repeat only moves the position
//! unless it repeats a value, and values are kept only as [`Cells`]
//! allows.
//!
//! A cell's value is its `office:value-type`: float and currency as
//! numbers, percentage as [`Raw::Percent`] (the file holds 0.2703 for
//! 27,03%), date as ISO text, boolean, string (its paragraphs joined by line
//! breaks). A formula cell without a stored value is an error naming the
//! cell: reading it as blank would change a figure silently.

use std::borrow::Cow;
use std::io::{BufReader, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::bounds::{text_len, Cells, OverCap, SheetBuilder, MAX_PART_BYTES};
use super::cell::a1;
use super::{Grid, Raw};

/// The longest text kept from one cell.
const MAX_CELL_CHARS: usize = 1 << 20;

/// Why an ods cannot be read.
#[derive(Debug)]
pub enum OdsError {
    /// Not a readable ods (the message says what).
    Bad(String),
    /// A cap, or a cell that must be fixed (formula without a value).
    Cap(OverCap),
}

impl From<OverCap> for OdsError {
    fn from(e: OverCap) -> Self {
        OdsError::Cap(e)
    }
}

fn bad(e: impl std::fmt::Display) -> OdsError {
    OdsError::Bad(e.to_string())
}

/// Every sheet of the ods in `bytes` (already through `bounds::check_zip`).
pub fn grids(bytes: &[u8]) -> Result<Vec<Grid>, OdsError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
    let part = zip
        .by_name("content.xml")
        .map_err(|_| bad("không có content.xml (no content.xml)"))?;
    // The cap again: the reader never reads more than the check allowed.
    let stream = BufReader::new(part.take(MAX_PART_BYTES));
    let mut xml = Reader::from_reader(stream);
    xml.config_mut().trim_text(false);
    let mut cells = Cells::default();
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(bad)? {
            Event::Start(e) if e.name().as_ref() == b"table:table" => {
                let name = attr(&e, b"table:name")?.unwrap_or_default().into_owned();
                out.push(table(&mut xml, &name, &mut cells)?);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn attr<'a>(e: &'a BytesStart<'_>, key: &[u8]) -> Result<Option<Cow<'a, str>>, OdsError> {
    for a in e.attributes() {
        let a = a.map_err(bad)?;
        if a.key.as_ref() == key {
            return a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(Some)
                .map_err(bad);
        }
    }
    Ok(None)
}

/// A repeat count (`table:number-*-repeated`), 1 when absent.
fn repeat(e: &BytesStart<'_>, key: &[u8]) -> Result<u64, OdsError> {
    match attr(e, key)? {
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map(|n| n.max(1))
            .map_err(|_| bad(format!("số lặp `{v}` không hợp lệ (bad repeat count)"))),
        None => Ok(1),
    }
}

fn table<R: std::io::BufRead>(
    xml: &mut Reader<R>,
    name: &str,
    cells: &mut Cells,
) -> Result<Grid, OdsError> {
    let mut sheet = SheetBuilder::new(name, cells);
    let mut row = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(bad)? {
            Event::Start(e) if e.name().as_ref() == b"table:table-row" => {
                let times = repeat(&e, b"table:number-rows-repeated")?;
                let values = row_cells(xml, &mut sheet, row)?;
                sheet.put_row(row, values, times)?;
                row = row.saturating_add(times);
            }
            Event::Empty(e) if e.name().as_ref() == b"table:table-row" => {
                row = row.saturating_add(repeat(&e, b"table:number-rows-repeated")?);
            }
            Event::End(e) if e.name().as_ref() == b"table:table" => break,
            Event::Eof => return Err(bad("content.xml bị cắt cụt (truncated)")),
            _ => {}
        }
    }
    Ok(sheet.finish())
}

/// One row's cells, up to its last value (repeated values written out,
/// within the column cap).
fn row_cells<R: std::io::BufRead>(
    xml: &mut Reader<R>,
    sheet: &mut SheetBuilder<'_>,
    row: u64,
) -> Result<Vec<Raw>, OdsError> {
    let mut values: Vec<Raw> = Vec::new();
    let mut col = 0u64;
    let mut row_text = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let ev = xml.read_event_into(&mut buf).map_err(bad)?;
        let (e, has_body) = match ev {
            Event::Start(e) => (e.into_owned(), true),
            Event::Empty(e) => (e.into_owned(), false),
            Event::End(e) if e.name().as_ref() == b"table:table-row" => return Ok(values),
            Event::Eof => return Err(bad("content.xml bị cắt cụt (truncated)")),
            _ => continue,
        };
        let tag = e.name().as_ref().to_vec();
        if tag != b"table:table-cell" && tag != b"table:covered-table-cell" {
            continue;
        }
        let times = repeat(&e, b"table:number-columns-repeated")?;
        let raw = cell(xml, &e, has_body, &tag)?;
        if let Some(raw) = raw {
            if formula_without_value(&e, &raw)? {
                return Err(OdsError::Cap(OverCap::at(
                    sheet.name(),
                    Some(a1(
                        row.min(u64::from(u32::MAX)) as u32,
                        col.min(u64::from(u32::MAX)) as u32,
                    )),
                    super::FORMULA_WITHOUT_VALUE.to_string(),
                )));
            }
            if raw != Raw::Empty {
                let last = col.saturating_add(times - 1);
                sheet_position(sheet, row, last)?;
                // The row's text, before its copies are made.
                row_text = row_text.saturating_add(text_len(&raw).saturating_mul(times));
                Cells::default().keep_text(sheet.name(), row_text)?;
                values.resize(col as usize, Raw::Empty);
                for _ in 0..times {
                    values.push(raw.clone());
                }
            }
        }
        col = col.saturating_add(times);
    }
}

fn sheet_position(sheet: &SheetBuilder<'_>, row: u64, col: u64) -> Result<(), OdsError> {
    Cells::default()
        .position(sheet.name(), row, col)
        .map_err(OdsError::Cap)
}

/// A formula whose value was never stored: no `office:value-type` (the
/// empty result of a formula is stored as an empty string).
fn formula_without_value(e: &BytesStart<'_>, raw: &Raw) -> Result<bool, OdsError> {
    Ok(*raw == Raw::Empty
        && attr(e, b"table:formula")?.is_some()
        && attr(e, b"office:value-type")?.is_none())
}

/// The cell's value (its body read to its end). `None`: no value type and
/// no text.
fn cell<R: std::io::BufRead>(
    xml: &mut Reader<R>,
    e: &BytesStart<'_>,
    has_body: bool,
    tag: &[u8],
) -> Result<Option<Raw>, OdsError> {
    let text = if has_body {
        body_text(xml, tag)?
    } else {
        String::new()
    };
    let kind = attr(e, b"office:value-type")?;
    let number = |key: &[u8]| -> Result<f64, OdsError> {
        let v = attr(e, key)?.unwrap_or_default();
        v.trim()
            .parse::<f64>()
            .map_err(|_| bad(format!("giá trị số `{v}` không hợp lệ (bad number)")))
    };
    let error = attr(e, b"calcext:value-type")?.is_some_and(|v| v == "error");
    let raw = match kind.as_deref() {
        _ if error => Raw::Error(text),
        Some("float") | Some("currency") => Raw::Number(number(b"office:value")?),
        Some("percentage") => Raw::Percent(number(b"office:value")?),
        Some("date") => Raw::Iso(
            attr(e, b"office:date-value")?
                .unwrap_or_default()
                .into_owned(),
        ),
        Some("time") => Raw::Text(
            attr(e, b"office:time-value")?
                .unwrap_or_default()
                .into_owned(),
        ),
        Some("boolean") => Raw::Bool(
            attr(e, b"office:boolean-value")?.is_some_and(|v| v.eq_ignore_ascii_case("true")),
        ),
        Some(_) => match attr(e, b"office:string-value")? {
            Some(s) => Raw::Text(s.into_owned()),
            None if text.is_empty() => Raw::Empty,
            None => Raw::Text(text),
        },
        None if text.is_empty() => return Ok(Some(Raw::Empty)),
        None => Raw::Text(text),
    };
    Ok(Some(raw))
}

/// The text of a cell's paragraphs, one line each; notes (annotations)
/// skipped; at most [`MAX_CELL_CHARS`] (more is an error).
fn body_text<R: std::io::BufRead>(xml: &mut Reader<R>, tag: &[u8]) -> Result<String, OdsError> {
    let mut s = String::new();
    let mut paragraphs = 0usize;
    let mut in_note = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let ev = xml.read_event_into(&mut buf).map_err(bad)?;
        match &ev {
            Event::End(e) if e.name().as_ref() == tag => return Ok(s),
            Event::Eof => return Err(bad("content.xml bị cắt cụt (truncated)")),
            Event::Start(e) if e.name().as_ref() == b"office:annotation" => in_note += 1,
            Event::End(e) if e.name().as_ref() == b"office:annotation" => {
                in_note = in_note.saturating_sub(1)
            }
            _ if in_note > 0 => {}
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"text:p" => {
                if paragraphs > 0 {
                    s.push('\n');
                }
                paragraphs += 1;
            }
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"text:s" => {
                    let n = attr(e, b"text:c")?
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1);
                    if s.len().saturating_add(n) > MAX_CELL_CHARS {
                        return Err(bad("một ô có quá nhiều chữ (a cell's text is too long)"));
                    }
                    s.extend(std::iter::repeat_n(' ', n));
                }
                b"text:tab" => s.push('\t'),
                b"text:line-break" => s.push('\n'),
                _ => {}
            },
            Event::Text(t) => s.push_str(
                &t.xml_content(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(bad)?,
            ),
            Event::CData(t) => s.push_str(&t.decode().map_err(bad)?),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(bad)? {
                    Some(c) => Some(c),
                    None => match &**r {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    s.push(c);
                }
            }
            _ => {}
        }
        if s.len() > MAX_CELL_CHARS {
            return Err(bad("một ô có quá nhiều chữ (a cell's text is too long)"));
        }
    }
}
