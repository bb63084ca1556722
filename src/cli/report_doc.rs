//! A report as sections of lines and tables, written as text for the
//! terminal or as a workbook an office can hand on. The figures decide what
//! is in it (`report.rs`); this module only lays it out.

use std::io::{self, Write};

use super::fmt::{io_err, pad};
use crate::domain::day::Day;
use crate::domain::points::Points;
use crate::domain::text::{display_width, for_display};
use crate::error::{Error, Result};

pub enum Cell {
    Text(String),
    Count(u64),
    /// A whole percent.
    Percent(u32),
    Day(Day),
    /// Points, to the hundredth.
    Points(Points),
    /// A percent to one decimal, given in per mille.
    PerMille(u16),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn count(n: usize) -> Cell {
        Cell::Count(n as u64)
    }

    pub fn day(d: Option<Day>) -> Cell {
        d.map_or(Cell::Empty, Cell::Day)
    }

    pub fn shown(&self) -> String {
        match self {
            Cell::Text(s) => for_display(s).into_owned(),
            Cell::Count(n) => n.to_string(),
            Cell::Percent(p) => format!("{p}%"),
            Cell::Day(d) => d.to_string(),
            Cell::Points(p) => p.to_string(),
            Cell::PerMille(p) => format!("{}.{}%", p / 10, p % 10),
            Cell::Empty => "—".into(),
        }
    }

    fn is_number(&self) -> bool {
        matches!(
            self,
            Cell::Count(_) | Cell::Percent(_) | Cell::Points(_) | Cell::PerMille(_)
        )
    }
}

pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

pub struct Section {
    pub title: String,
    /// The sheet's name in the workbook (at most 31 characters).
    pub sheet: String,
    pub lines: Vec<String>,
    pub table: Option<Table>,
}

impl Section {
    pub fn new(title: impl Into<String>, sheet: impl Into<String>) -> Section {
        Section {
            title: title.into(),
            sheet: sheet.into(),
            lines: Vec::new(),
            table: None,
        }
    }

    /// A heading is only written over something.
    fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.table.as_ref().is_none_or(|t| t.rows.is_empty())
    }
}

pub struct Doc {
    pub title: String,
    /// The first sheet's name in the workbook.
    pub summary_sheet: String,
    pub sections: Vec<Section>,
}

pub fn write_text(doc: &Doc) -> Result<()> {
    write_text_to(&mut io::BufWriter::new(io::stdout().lock()), doc)
}

pub fn write_text_to(out: &mut impl Write, doc: &Doc) -> Result<()> {
    writeln!(out, "{}", for_display(&doc.title)).map_err(io_err)?;
    for s in doc.sections.iter().filter(|s| !s.is_empty()) {
        writeln!(out).map_err(io_err)?;
        writeln!(out, "{}", s.title).map_err(io_err)?;
        for l in &s.lines {
            writeln!(out, "  {}", for_display(l)).map_err(io_err)?;
        }
        if let Some(t) = s.table.as_ref().filter(|t| !t.rows.is_empty()) {
            write_table(out, t)?;
        }
    }
    out.flush().map_err(io_err)
}

/// Columns lined up by display width (a Chinese character takes two);
/// numbers to the right. Each line is written as it is made: a list of
/// 188,000 elders is not held twice more as lines.
pub fn write_table(out: &mut impl Write, t: &Table) -> Result<()> {
    let shown: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(Cell::shown).collect())
        .collect();
    let mut widths: Vec<usize> = t.head.iter().map(|h| display_width(h)).collect();
    for r in &shown {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(display_width(c));
            }
        }
    }
    let numeric: Vec<bool> = (0..t.head.len())
        .map(|i| {
            let cells = || t.rows.iter().filter_map(|r| r.get(i));
            cells().any(Cell::is_number)
                && cells().all(|c| c.is_number() || matches!(c, Cell::Empty))
        })
        .collect();
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let w = widths.get(i).copied().unwrap_or(0);
                if numeric.get(i).copied().unwrap_or(false) {
                    format!("{}{c}", " ".repeat(w.saturating_sub(display_width(c))))
                } else {
                    pad(c, w)
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    for cells in std::iter::once(&t.head).chain(&shown) {
        writeln!(out, "  {}", line(cells).trim_end()).map_err(io_err)?;
    }
    Ok(())
}

/// The workbook: a first sheet with the title and every section's lines,
/// then one sheet per table.
pub fn xlsx(doc: &Doc) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| Error::Io {
        detail: format!("XLSX: {e}"),
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let percent = Format::new().set_num_format("0%");
    let tenths = Format::new().set_num_format("0.0%");

    let summary = book.add_worksheet();
    summary.set_name(&doc.summary_sheet).map_err(failed)?;
    summary.set_column_width(0, 90.0).map_err(failed)?;
    summary
        .write_string_with_format(0, 0, for_display(&doc.title), &bold)
        .map_err(failed)?;
    let mut row = 2u32;
    for s in doc.sections.iter().filter(|s| !s.lines.is_empty()) {
        summary
            .write_string_with_format(row, 0, &s.title, &bold)
            .map_err(failed)?;
        row += 1;
        for l in &s.lines {
            summary
                .write_string(row, 0, for_display(l))
                .map_err(failed)?;
            row += 1;
        }
        row += 1;
    }

    for s in &doc.sections {
        let Some(t) = s.table.as_ref().filter(|t| !t.rows.is_empty()) else {
            continue;
        };
        let sheet = book.add_worksheet();
        sheet.set_name(&s.sheet).map_err(failed)?;
        sheet
            .write_string_with_format(0, 0, &s.title, &bold)
            .map_err(failed)?;
        for (col, h) in t.head.iter().enumerate() {
            let col = col as u16;
            sheet
                .write_string_with_format(2, col, h, &bold)
                .map_err(failed)?;
            let widest = t
                .rows
                .iter()
                .filter_map(|r| r.get(col as usize))
                .map(|c| display_width(&c.shown()))
                .chain([display_width(h)])
                .max()
                .unwrap_or(8);
            sheet
                .set_column_width(col, (widest as f64 + 2.0).min(60.0))
                .map_err(failed)?;
        }
        sheet.set_freeze_panes(3, 0).map_err(failed)?;
        for (i, r) in t.rows.iter().enumerate() {
            let row = 3 + i as u32;
            for (col, c) in r.iter().enumerate() {
                let col = col as u16;
                match c {
                    Cell::Text(s) => sheet.write_string(row, col, for_display(s)).map(|_| ()),
                    Cell::Count(n) => sheet.write_number(row, col, *n as f64).map(|_| ()),
                    Cell::Percent(p) => sheet
                        .write_number_with_format(row, col, f64::from(*p) / 100.0, &percent)
                        .map(|_| ()),
                    Cell::Day(d) => sheet
                        .write_number_with_format(row, col, excel_serial(*d), &date)
                        .map(|_| ()),
                    // Excel's general format: 12, 12.5, -0.25 as written.
                    Cell::Points(p) => sheet.write_number(row, col, p.as_f64()).map(|_| ()),
                    Cell::PerMille(p) => sheet
                        .write_number_with_format(row, col, f64::from(*p) / 1000.0, &tenths)
                        .map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .map_err(failed)?;
            }
        }
    }
    book.save_to_buffer().map_err(failed)
}

/// Days since 1899-12-30, the day Excel counts from.
fn excel_serial(d: Day) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d.date() - epoch).num_days() as f64
}
