//! Chunks to pages: chunks flow down the body area; a keep-with-next chain
//! (heading + first lines, first/next-to-last lines of a paragraph, table
//! caption + header + first row) moves to the next page whole; the notes a
//! chunk cites are reserved at the foot of the same page (a note that does
//! not fit continues at the top of the next page's notes, before any later
//! note: [`FootnoteArea`]); table header rows are repeated after a break;
//! page numbers are centred in the top margin.

use std::collections::{BTreeMap, VecDeque};

use crate::document::settings::mm_to_pt;

use super::display::{Item, Link, OutlineEntry, Page};
use super::flow::{shift, Chunk, Ctx, NoteLine, RowLines};

/// Each footnote's lines, by number.
pub type Notes = BTreeMap<u32, Vec<NoteLine>>;

/// Space between the footnote rule and the first note line, in points.
const RULE_SKIP: f32 = 3.0;
/// Rounding slack when comparing heights.
const EPS: f32 = 0.01;

struct Build {
    /// Paper size in points.
    size: (f32, f32),
    items: Vec<Item>,
    outline: Vec<OutlineEntry>,
    notes: Vec<NoteLine>,
    has_body: bool,
}

impl Build {
    fn new(size: (f32, f32)) -> Build {
        Build {
            size,
            items: Vec::new(),
            outline: Vec::new(),
            notes: Vec::new(),
            has_body: false,
        }
    }
}

/// The footnotes of the page being filled and those carried over. Notes
/// come out strictly in order: while lines of an earlier note are carried,
/// a later note's lines queue behind them, so no note is ever printed
/// between two parts of an earlier one.
#[derive(Default)]
struct FootnoteArea {
    /// Lines at the foot of the current page, in order.
    placed: Vec<NoteLine>,
    /// Lines still to place, in order: the rest of a note split at a page
    /// foot, then the notes cited while it was pending.
    carry: VecDeque<NoteLine>,
}

impl FootnoteArea {
    /// A chunk's note lines: the first `keep` on this page, the rest
    /// carried; all carried if earlier lines are still waiting.
    fn add(&mut self, mut lines: Vec<NoteLine>, keep: usize) {
        if !self.carry.is_empty() {
            self.carry.extend(lines);
            return;
        }
        let rest = lines.split_off(keep.min(lines.len()));
        self.placed.extend(lines);
        self.carry.extend(rest);
    }

    /// Every carried line onto this page (the caller checked the room),
    /// when `new_notes` start here.
    fn pull_carry_if(&mut self, new_notes: bool) {
        if new_notes {
            self.placed.extend(self.carry.drain(..));
        }
    }

    fn carried_height(&self) -> f32 {
        self.carry.iter().map(|l| l.height).sum()
    }

    /// Carried lines that must precede `lines` on this page: all of them
    /// when `lines` starts new notes, none otherwise.
    fn before(&self, lines: &[NoteLine]) -> Vec<NoteLine> {
        if lines.is_empty() {
            Vec::new()
        } else {
            self.carry.iter().cloned().collect()
        }
    }
}

struct Paginator<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    top: f32,
    /// The foot of the text block on the current page.
    bottom: f32,
    /// Bottom margin, and left plus right margins, in points.
    margin_bottom: f32,
    margins_lr: f32,
    gap: f32,
    pages: Vec<Build>,
    page: Build,
    y: f32,
    notes: FootnoteArea,
    last_table: Option<usize>,
    /// Footnote marks: (page index, x, y, w, h, note).
    marks: Vec<(usize, f32, f32, f32, f32, u32)>,
    /// Where each note starts: note -> (page index, y).
    note_pos: BTreeMap<u32, (usize, f32)>,
}

fn lines_height(lines: &[NoteLine]) -> f32 {
    lines.iter().map(|l| l.height).sum()
}

impl Paginator<'_, '_> {
    fn note_area(&self, extra: &[NoteLine]) -> f32 {
        let h = lines_height(&self.notes.placed) + lines_height(extra);
        if h > 0.0 {
            self.gap + RULE_SKIP + h
        } else {
            0.0
        }
    }

    fn new_page(&mut self) {
        // The page is done: carried lines fill what room its foot has left.
        while let Some(l) = self.notes.carry.front() {
            if self.y + self.note_area(std::slice::from_ref(l)) > self.bottom + EPS {
                break;
            }
            let l = self.notes.carry.pop_front().expect("front exists");
            self.notes.placed.push(l);
        }
        let size = self.page.size;
        let mut done = std::mem::replace(&mut self.page, Build::new(size));
        done.notes = std::mem::take(&mut self.notes.placed);
        self.pages.push(done);
        self.y = self.top;
        // Notes continued from the previous page come first, at most most of the page.
        let room = (self.bottom - self.top) * 0.6;
        let mut used = 0.0;
        while let Some(l) = self.notes.carry.front() {
            if used + l.height > room && used > 0.0 {
                break;
            }
            used += l.height;
            let l = self.notes.carry.pop_front().expect("front exists");
            self.notes.placed.push(l);
        }
    }

    fn space_before(&self, c: &Chunk) -> f32 {
        if self.page.has_body {
            c.space_before
        } else {
            0.0
        }
    }

    /// Header rows to repeat if `c` continues a table at the top of a page.
    fn repeat_height(&self, c: &Chunk) -> f32 {
        match &c.table {
            Some((id, header)) if !self.page.has_body && self.last_table == Some(*id) => {
                header.iter().map(|h| h.height).sum()
            }
            _ => 0.0,
        }
    }

    fn note_lines(&self, c: &Chunk, notes: &Notes) -> Vec<NoteLine> {
        c.notes
            .iter()
            .flat_map(|n| notes.get(n).cloned().unwrap_or_default())
            .collect()
    }

    /// Does the group fit whole on this page (after any carried note lines
    /// its notes must follow)?
    fn group_fits(&self, group: &[Chunk], notes: &Notes) -> bool {
        let mut h = 0.0;
        let mut lines = Vec::new();
        for (k, c) in group.iter().enumerate() {
            if k == 0 {
                h += self.space_before(c) + self.repeat_height(c);
            } else {
                h += c.space_before;
            }
            h += c.height;
            lines.extend(self.note_lines(c, notes));
        }
        let lines = [self.notes.before(&lines), lines].concat();
        self.y + h + self.note_area(&lines) <= self.bottom + EPS
    }

    /// Place a chunk with the first `keep` lines of its notes (the rest carried).
    fn place(&mut self, c: &Chunk, lines: Vec<NoteLine>, keep: usize) {
        if let Some((id, header)) = &c.table {
            if !self.page.has_body && self.last_table == Some(*id) {
                for h in header.iter() {
                    self.put(h);
                }
            }
        }
        self.put(c);
        self.last_table = c.table.as_ref().map(|t| t.0);
        self.notes.add(lines, keep);
    }

    fn put(&mut self, c: &Chunk) {
        let top = self.y + self.space_before(c);
        let page = self.pages.len();
        for it in &c.items {
            let mut it = it.clone();
            shift(&mut it, top);
            self.page.items.push(it);
        }
        for m in &c.marks {
            self.marks.push((page, m.x, m.y + top, m.w, m.h, m.note));
        }
        if let Some((level, title)) = &c.outline {
            self.page.outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                y: top,
            });
        }
        self.page.has_body = true;
        self.y = top + c.height;
    }

    /// Does the group fit if its notes give only their first lines to this
    /// page (the rest continuing on the next)? Returns the room the chunks
    /// after each one need: (height, first note lines).
    fn group_fits_split(
        &self,
        group: &[Chunk],
        notes: &Notes,
    ) -> Option<Vec<(f32, Vec<NoteLine>)>> {
        let mut h = 0.0;
        let mut firsts = Vec::new();
        let mut after = Vec::with_capacity(group.len());
        for (k, c) in group.iter().enumerate() {
            if k == 0 {
                h += self.space_before(c) + self.repeat_height(c);
            } else {
                h += c.space_before;
            }
            h += c.height;
            for n in &c.notes {
                if let Some(first) = notes.get(n).and_then(|l| l.first()) {
                    firsts.push(first.clone());
                }
            }
        }
        let firsts = [self.notes.before(&firsts), firsts].concat();
        if self.y + h + self.note_area(&firsts) > self.bottom + EPS {
            return None;
        }
        // What must stay free after chunk k: the later chunks and their first note lines.
        let mut rest_h = 0.0;
        let mut rest_lines: Vec<NoteLine> = Vec::new();
        for c in group.iter().rev() {
            after.push((rest_h, rest_lines.clone()));
            rest_h += c.space_before + c.height;
            for n in c.notes.iter().rev() {
                if let Some(first) = notes.get(n).and_then(|l| l.first()) {
                    rest_lines.insert(0, first.clone());
                }
            }
        }
        after.reverse();
        Some(after)
    }

    /// Place one chunk alone: whole, or with part of its notes, or on a new
    /// page; on an empty page it goes in regardless (never an endless loop).
    /// `reserve`: height and note lines that must still fit after it. The
    /// chunk's notes follow whatever is carried from earlier notes: that
    /// goes on this page first, or the chunk waits for the next page.
    fn place_single(&mut self, c: &Chunk, notes: &Notes, reserve: (f32, &[NoteLine])) {
        let lines = self.note_lines(c, notes);
        let h = self.space_before(c) + self.repeat_height(c) + c.height + reserve.0;
        // Note height already due on this page: its placed lines, the carried
        // ones (when this chunk starts notes, they must come first), the reserve.
        let carried = if lines.is_empty() {
            0.0
        } else {
            self.notes.carried_height()
        };
        let due = lines_height(&self.notes.placed) + carried + lines_height(reserve.1);
        let fits = |p: &Self, l: &[NoteLine]| -> bool {
            let n = due + lines_height(l);
            let area = if n > 0.0 { p.gap + RULE_SKIP + n } else { 0.0 };
            p.y + h + area <= p.bottom + EPS
        };
        // The first line of every new note must share the page with its mark.
        let firsts = |keep: usize| {
            c.notes
                .iter()
                .all(|n| lines[..keep].iter().any(|l| l.note == *n))
        };
        let keep = (1..=lines.len())
            .rev()
            .find(|&k| (k == lines.len() || firsts(k)) && fits(self, &lines[..k]))
            .or_else(|| fits(self, &[]).then_some(0).filter(|_| lines.is_empty()));
        if let Some(keep) = keep {
            self.notes.pull_carry_if(!lines.is_empty());
            self.place(c, lines, keep);
            return;
        }
        if self.page.has_body {
            self.new_page();
            self.place_single(c, notes, (0.0, &[]));
            return;
        }
        // An empty page: the chunk goes in, with as much of its notes as fits
        // (or none: they then start on the next page, still in order).
        let keep = (0..=lines.len())
            .rev()
            .find(|&k| carried == 0.0 && fits(self, &lines[..k]))
            .unwrap_or(0);
        self.place(c, lines, keep);
    }

    /// From the current (empty) page on, landscape or portrait paper.
    fn orient(&mut self, landscape: bool) {
        let s = self.ctx.s;
        let p = s.paper_for(landscape);
        self.page.size = (mm_to_pt(p.width), mm_to_pt(p.height));
        self.bottom = self.page.size.1 - self.margin_bottom;
    }

    /// A row is split only when it is taller than a quarter of the text
    /// block (a shorter one moves to the next page whole) and has lines
    /// enough to leave two on each side.
    fn splittable<'c>(&self, c: &'c Chunk) -> Option<&'c RowLines> {
        let rows = c.row.as_deref().filter(|_| c.table.is_some())?;
        let tall = c.height > (self.bottom - self.top) / 4.0;
        (tall && rows.lines() >= 4).then_some(rows)
    }

    /// Lines of `rows` that fit on this page after `above` points, with
    /// the notes `lines` (0 when fewer than two, or all but two).
    fn lines_that_fit(&self, rows: &RowLines, above: f32, lines: &[NoteLine]) -> usize {
        let room = self.bottom - self.y - above - 2.0 * rows.pad - self.note_area(lines);
        let k = ((room + EPS) / rows.pitch).floor().max(0.0) as usize;
        let k = k.min(rows.lines().saturating_sub(2));
        if k >= 2 {
            k
        } else {
            0
        }
    }

    /// Does `group` end with a tall row to split, and do the chunks before
    /// it with two of its lines fit here (while the whole group does not)?
    fn heads_before_split(&self, group: &[Chunk], notes: &Notes) -> bool {
        let Some((last, heads)) = group.split_last() else {
            return false;
        };
        let Some(rows) = self.splittable(last) else {
            return false;
        };
        if self.group_fits(group, notes) {
            return false;
        }
        let mut h = 0.0;
        let mut lines = Vec::new();
        for (k, c) in heads.iter().enumerate() {
            h += if k == 0 {
                self.space_before(c) + self.repeat_height(c)
            } else {
                c.space_before
            };
            h += c.height;
            lines.extend(self.note_lines(c, notes));
        }
        lines.extend(self.note_lines(last, notes));
        self.lines_that_fit(rows, h + last.space_before, &lines) > 0
    }

    /// Place a tall table row that does not fit whole: as many lines as fit
    /// here, the rest on the next page(s) under the repeated header rows.
    /// False (nothing placed) when the row fits or is not to be split.
    fn split_row(&mut self, c: &Chunk, notes: &Notes) -> bool {
        if self.splittable(c).is_none() || self.group_fits(std::slice::from_ref(c), notes) {
            return false;
        }
        let mut cur = c.clone();
        while let Some(rows) = cur.row.clone() {
            let lines = self.note_lines(&cur, notes);
            if self.group_fits(std::slice::from_ref(&cur), notes) {
                break;
            }
            let above = self.space_before(&cur) + self.repeat_height(&cur);
            let k = self.lines_that_fit(&rows, above, &lines);
            if k == 0 {
                if !self.page.has_body {
                    break; // not even two lines on an empty page: placed whole
                }
                self.new_page();
                continue;
            }
            let mut head = rows.part(0, k);
            head.space_before = cur.space_before;
            head.table = cur.table.clone();
            let n = lines.len();
            self.place(&head, lines, n);
            self.new_page();
            let tail = rows.tail(k);
            let mut next = tail.part(0, tail.lines());
            next.table = cur.table.clone();
            next.row = Some(std::rc::Rc::new(tail));
            cur = next;
        }
        self.place_single(&cur, notes, (0.0, &[]));
        true
    }

    fn run(&mut self, chunks: &[Chunk], notes: &Notes) {
        let mut i = 0;
        while i < chunks.len() {
            let c = &chunks[i];
            if c.page_break {
                if self.page.has_body {
                    self.new_page();
                }
                if let Some(landscape) = c.landscape {
                    self.orient(landscape);
                }
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < chunks.len() && chunks[j].keep_with_next && !chunks[j + 1].page_break {
                j += 1;
            }
            let group = &chunks[i..=j];
            if group.len() > 1 && self.heads_before_split(group, notes) {
                // Caption and header rows here, the tall first row split after them.
                for c in &group[..group.len() - 1] {
                    self.place_single(c, notes, (0.0, &[]));
                }
                i = j;
                continue;
            }
            if group.len() == 1 && self.split_row(c, notes) {
                i += 1;
                continue;
            }
            if group.len() > 1 {
                if self.group_fits(group, notes) {
                    let cites = group.iter().any(|c| !self.note_lines(c, notes).is_empty());
                    self.notes.pull_carry_if(cites);
                    for c in group {
                        let lines = self.note_lines(c, notes);
                        let n = lines.len();
                        self.place(c, lines, n);
                    }
                    i = j + 1;
                    continue;
                }
                // Whole, with long notes continuing on the next page.
                if let Some(after) = self.group_fits_split(group, notes) {
                    for (c, (rest_h, rest_lines)) in group.iter().zip(after) {
                        self.place_single(c, notes, (rest_h, &rest_lines));
                    }
                    i = j + 1;
                    continue;
                }
                if self.page.has_body {
                    self.new_page();
                    continue;
                }
            }
            // A single chunk, or a chain too long for any page: one by one.
            self.place_single(c, notes, (0.0, &[]));
            i += 1;
        }
        while !self.notes.carry.is_empty() {
            self.new_page();
            self.page.has_body = true;
        }
    }

    fn finish(mut self) -> Vec<Page> {
        let size = self.page.size;
        let mut last = std::mem::replace(&mut self.page, Build::new(size));
        last.notes = std::mem::take(&mut self.notes.placed);
        self.pages.push(last);
        let s = self.ctx.s;
        let first_numbered = s.page_number.first_page.max(1);
        let rule_len = mm_to_pt(s.footnotes.rule_length);
        let left = self.ctx.left;
        let mut pages = Vec::with_capacity(self.pages.len());
        let builds = std::mem::take(&mut self.pages);
        for (idx, b) in builds.into_iter().enumerate() {
            let number = idx as u32 + 1;
            let (width, height) = b.size;
            let mut items = Vec::new();
            if number >= first_numbered {
                items.extend(self.ctx.page_number(number, width - self.margins_lr));
            }
            items.extend(b.items);
            if !b.notes.is_empty() {
                let mut y = height - self.margin_bottom - lines_height(&b.notes);
                let ry = y - RULE_SKIP + 1.0;
                items.push(Item::Rule {
                    x1: left,
                    y1: ry,
                    x2: left + rule_len,
                    y2: ry,
                    width: 0.5,
                });
                for l in b.notes {
                    self.note_pos.entry(l.note).or_insert((idx, y));
                    for it in l.items {
                        let mut it = it;
                        shift(&mut it, y);
                        items.push(it);
                    }
                    y += l.height;
                }
            }
            pages.push(Page {
                width,
                height,
                number,
                items,
                links: Vec::new(),
                outline: b.outline,
            });
        }
        for (page, x, y, w, h, note) in self.marks {
            if let Some(&(tp, ty)) = self.note_pos.get(&note) {
                pages[page].links.push(Link {
                    x,
                    y,
                    w,
                    h,
                    target_page: tp,
                    target_y: ty,
                });
            }
        }
        pages
    }
}

/// Lay the chunks out on pages.
pub fn paginate(ctx: &mut Ctx, chunks: &[Chunk], notes: &Notes) -> Vec<Page> {
    let s = ctx.s;
    let width = mm_to_pt(s.paper.width);
    let height = mm_to_pt(s.paper.height);
    let top = mm_to_pt(s.margins.top);
    let bottom = height - mm_to_pt(s.margins.bottom);
    let gap = mm_to_pt(s.footnotes.gap);
    let mut p = Paginator {
        ctx,
        top,
        bottom,
        margin_bottom: mm_to_pt(s.margins.bottom),
        margins_lr: mm_to_pt(s.margins.left + s.margins.right),
        gap,
        pages: Vec::new(),
        page: Build::new((width, height)),
        y: top,
        notes: FootnoteArea::default(),
        last_table: None,
        marks: Vec::new(),
        note_pos: BTreeMap::new(),
    };
    p.run(chunks, notes);
    p.finish()
}
