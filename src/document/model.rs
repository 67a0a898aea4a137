//! The backend-neutral document: what the template stage produces and what
//! both writers (PDF, DOCX) consume. No backend reads YAML; no template knows
//! about PDF. Everything a writer needs to lay out the report is here or in
//! [`crate::document::Settings`].

use serde::Serialize;

use super::checked::Settings;
use super::image::ImageFile;

/// A whole report, ready for a writer.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Title, author, dates, official header and closing blocks.
    pub meta: Meta,
    /// Paper, margins, fonts, sizes, spacing: the template's settings,
    /// checked, with their fonts.
    pub settings: Settings,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
    /// Footnotes in order of first reference; `footnotes[i].number == i + 1`.
    /// A note cited several times is one footnote (one number).
    pub footnotes: Vec<Footnote>,
    /// Warnings found while making the document (a data footnote never
    /// cited...): the writers add theirs to [`super::Rendered`]'s.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
}

/// A calendar date (the report's own date: never the clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Document metadata and the official blocks (36-HD/VPTW).
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// File title (PDF Info /Title, DOCX dc:title).
    pub title: String,
    /// File author (PDF /Author, DOCX dc:creator): the issuing body.
    pub author: String,
    /// File subject (PDF /Subject, DOCX dc:subject): the summary line.
    pub subject: String,
    /// Creation and modification date of the file: the report's date.
    pub date: Date,
    /// BCP-47 language tag, "vi-VN".
    pub language: String,
    /// The two-column header and the title block; `None` for a bare document.
    pub header: Option<OfficialHeader>,
    /// The recipients / signature block after the body; `None` to omit.
    pub closing: Option<Closing>,
}

/// The official header (two columns, ~45/55), then the centred title block.
#[derive(Debug, Clone, Serialize)]
pub struct OfficialHeader {
    /// Left column, line 1, CAPS regular: "ĐẢNG BỘ TỈNH HÀ TĨNH". May be empty.
    pub superior: String,
    /// Left column, line 2, CAPS bold: "THỊ ỦY KỲ ANH".
    pub issuer: String,
    /// Left column, after a centred "*": "Số 05-BC/Th.U".
    pub number: String,
    /// Right column, line 1, CAPS bold with a rule under it: "ĐẢNG CỘNG SẢN VIỆT NAM".
    pub motto: String,
    /// Right column, italic, on the baseline of `number`: "Kỳ Anh, ngày 15 tháng 8 năm 2019".
    pub place_date: String,
    /// Centred, CAPS bold: "BÁO CÁO".
    pub kind: String,
    /// Centred bold summary line(s) (trích yếu); one entry per line.
    pub summary: Vec<String>,
    /// Centred line under the summary: "-----". Empty to omit.
    pub separator: String,
}

/// The closing block: recipients on the left, signature on the right.
#[derive(Debug, Clone, Serialize)]
pub struct Closing {
    /// "Nơi nhận:" (14 pt, underlined).
    pub recipients_label: String,
    /// One line each, already starting with "- ".
    pub recipients: Vec<String>,
    /// Signing authority lines, CAPS bold: ["T/M BAN THƯỜNG VỤ"] or ["K/T BÍ THƯ"].
    pub authority: Vec<String>,
    /// Title lines, CAPS regular: ["BÍ THƯ"] or ["PHÓ BÍ THƯ"].
    pub title: Vec<String>,
    /// The signer's name, bold, after the space for signature and seal.
    pub signer: String,
}

/// Horizontal alignment of a paragraph or table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Justified, last line left (the body default).
    #[default]
    Justify,
}

/// Block-level content.
#[derive(Debug, Clone, Serialize)]
pub enum Block {
    /// A numbered section heading ("I- ĐẶC ĐIỂM TÌNH HÌNH" is level 1,
    /// "1. ..." level 2, "a) ..." level 3). The numbering is part of the text.
    /// Kept with the next line; listed in the PDF outline.
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    /// A paragraph. `align: None` and `indent: true` is the justified body
    /// paragraph with first-line indent.
    Paragraph(Paragraph),
    /// A list; each item is a sequence of blocks.
    List(List),
    Table(Table),
    Image(Image),
    /// Start a new page.
    PageBreak,
    /// Start a new page (in DOCX a new section) whose paper is landscape
    /// (A4 842 x 595 pt: width and height swapped, the same margins) or
    /// portrait; the pages after it keep that orientation until the next
    /// `Section`. The page numbers continue. Meaningful at the top level only.
    Section {
        landscape: bool,
    },
    /// Where the closing block ([`Meta::closing`]: recipients and
    /// signature) goes, e.g. before an annex. Without this marker the
    /// closing follows the last block. Meaningful at the top level only.
    Closing,
}

/// A paragraph of runs.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Paragraph {
    pub content: Vec<Inline>,
    /// `None`: the body style (justified). Otherwise overrides it.
    pub align: Option<Align>,
    /// First-line indent as in the body style; false for none.
    pub indent: bool,
}

/// Ordered ("1.", "2." ... or "(1)") or bulleted ("-") list.
#[derive(Debug, Clone, Serialize)]
pub struct List {
    pub ordered: bool,
    /// First number for ordered lists.
    pub start: u32,
    pub items: Vec<Vec<Block>>,
}

/// A table with borders.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Column specs; `columns.len()` is the number of cells in each row.
    pub columns: Vec<Column>,
    /// The header row(s): repeated after a page break, bold.
    pub header: Vec<Row>,
    /// Body rows. A row taller than the space left on a page and taller
    /// than a quarter of the text block is split between lines (the header
    /// rows repeated on the next page); a shorter one moves to the next page whole.
    pub rows: Vec<Row>,
    /// Caption above the table (may be empty).
    pub caption: Vec<Inline>,
}

impl Table {
    /// Whether body row `i` keeps with the row after it: the two rows
    /// above a total row ([`Row::emphasis`], "Tổng cộng", "Cộng") do, so a
    /// total never starts a page alone (Word's "keep with next" on those
    /// rows). Both writers ask this; neither decides it alone.
    pub fn keeps_with_next(&self, i: usize) -> bool {
        (1..=2).any(|k| self.rows.get(i + k).is_some_and(|r| r.emphasis))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// Relative width (weights, scaled to the measure, each column at least
    /// as wide as its longest word). `0.0` in every column: widths from the
    /// content (see [`crate::document::measure::column_widths`]).
    pub width: f32,
    pub align: Align,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub cells: Vec<Vec<Inline>>,
    /// A total row (bold).
    pub emphasis: bool,
}

/// An image with its caption, kept together.
#[derive(Debug, Clone, Serialize)]
pub struct Image {
    /// The file, read and checked once (format, pixel size).
    #[serde(flatten)]
    pub file: ImageFile,
    /// Display width in millimetres; `None`: the full measure (never wider).
    pub width_mm: Option<f32>,
    /// Caption under the image, centred italic.
    pub caption: Vec<Inline>,
    /// Alternative text.
    pub alt: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

/// Character styling of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct TextStyle {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub superscript: bool,
}

/// Inline content.
#[derive(Debug, Clone, Serialize)]
pub enum Inline {
    /// NFC text with one style.
    Text { text: String, style: TextStyle },
    /// The superscript mark of footnote `number` (1-based, see `Document::footnotes`).
    FootnoteRef(u32),
    /// A forced line break inside a paragraph.
    LineBreak,
}

/// A footnote: its number and its paragraphs (12 pt, single-spaced).
#[derive(Debug, Clone, Serialize)]
pub struct Footnote {
    pub number: u32,
    pub content: Vec<Paragraph>,
}

impl Inline {
    /// Plain text of a run, for tests and extraction.
    pub fn text(&self) -> &str {
        match self {
            Inline::Text { text, .. } => text,
            Inline::FootnoteRef(_) | Inline::LineBreak => "",
        }
    }
}

/// Concatenated text of runs (footnote marks and breaks omitted).
pub fn plain_text(inlines: &[Inline]) -> String {
    inlines.iter().map(Inline::text).collect()
}
