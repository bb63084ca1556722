//! Info items (信息) as offices keep them in a spreadsheet: one row per
//! adoption, the item's title, unit, authors and submission date repeated
//! on each of its rows; an item never adopted has one row with the four
//! adoption cells empty. Written back with the same columns, so that an
//! export imports again.

use super::csv::{CsvRow, Header, looks_like_formula, write_csv};
use super::dates::parse_date;
use super::people_file::{Table, date_to_serial};
use super::work_file::{NAME_JOIN, split_names};
use crate::api::sanchuang::InfoImportRow;
use crate::domain::bulletin::AdoptionLevel;
use crate::domain::day::Day;
use crate::error::{Error, RowProblem};
use crate::lang::Lang;

/// Canonical column names with the other spellings accepted on import, in
/// the order an export writes them.
pub const COLUMNS: &[(&str, &[&str])] = &[
    ("标题", &["title", "信息标题", "题目"]),
    ("单位", &["unit", "供稿单位", "报送单位"]),
    ("作者", &["authors", "author", "撰稿人"]),
    ("报送日期", &["submitted", "报送时间", "submission date"]),
    ("采用级别", &["level", "adoption level", "级别"]),
    (
        "采用单位或媒体",
        &["outlet", "adopted by", "采用单位", "采用媒体"],
    ),
    (
        "期号或链接",
        &["reference", "issue or link", "期号", "链接", "ref"],
    ),
    ("采用日期", &["adopted", "adoption date", "adopted on"]),
];

const REQUIRED: &[&str] = &["标题", "单位"];
const DATE_COLUMNS: &[&str] = &["报送日期", "采用日期"];
const ADOPTION_COLUMNS: &[&str] = &["采用级别", "采用单位或媒体", "期号或链接", "采用日期"];

fn english(column: &str) -> &'static str {
    COLUMNS
        .iter()
        .find(|(c, _)| *c == column)
        .and_then(|(_, a)| a.first())
        .copied()
        .unwrap_or("column")
}

struct Row<'a> {
    header: &'a Header,
    row: &'a CsvRow,
    problems: Vec<(String, String)>,
}

impl Row<'_> {
    fn text(&self, column: &str) -> &str {
        self.header.get(&self.row.fields, column).unwrap_or("")
    }

    fn date(&mut self, column: &str) -> Option<Day> {
        let s = self.text(column).to_string();
        if s.is_empty() {
            return None;
        }
        match parse_date(&s) {
            Ok(d) => Some(Day::from_date(d)),
            Err(e) => {
                let en = english(column);
                self.problems.push((
                    format!("{column}：{e}"),
                    format!("{en}: {}", e.message_en()),
                ));
                None
            }
        }
    }

    fn not_empty(&mut self, column: &str) -> String {
        let s = self.text(column).to_string();
        if s.is_empty() {
            let en = english(column);
            self.problems
                .push((format!("{column}为空"), format!("the {en} is empty")));
        }
        s
    }
}

/// Parses every row; a row with problems yields all of them instead, so
/// one round of corrections is enough. A file without a title or unit
/// column is refused whole.
pub fn parse_rows(table: &Table) -> Result<(Vec<InfoImportRow>, Vec<RowProblem>), Error> {
    let header = Header::from_row(&table.header, COLUMNS);
    let missing = header.missing(REQUIRED);
    if !missing.is_empty() {
        let all: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
        let missing_en: Vec<&str> = missing.iter().map(|m| english(m)).collect();
        return Err(Error::ImportFile {
            zh: format!(
                "缺少必需的列：{}。第一行应为列名，如：{}",
                missing.join("、"),
                all.join(",")
            ),
            en: format!(
                "required columns missing: {} ({}). The first row must name the columns, e.g. {}",
                missing_en.join(", "),
                missing.join(", "),
                all.join(",")
            ),
        });
    }
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut problems = Vec::new();
    for row in &table.rows {
        let mut r = Row {
            header: &header,
            row,
            problems: Vec::new(),
        };
        let title = r.not_empty("标题");
        let unit = r.not_empty("单位");
        let authors = split_names(r.text("作者"));
        let submitted = r.date("报送日期");
        let adoption = adoption(&mut r);
        if r.problems.is_empty() {
            rows.push(InfoImportRow {
                line: row.line,
                title,
                unit,
                authors,
                submitted,
                adoption,
            });
        } else {
            problems.extend(r.problems.into_iter().map(|(zh, en)| RowProblem {
                line: row.line,
                zh,
                en,
            }));
        }
    }
    Ok((rows, problems))
}

/// The row's adoption: none when its four cells are empty; otherwise the
/// level and the date are needed, the outlet checked by the service.
fn adoption(r: &mut Row<'_>) -> Option<(AdoptionLevel, String, String, Day)> {
    if ADOPTION_COLUMNS.iter().all(|c| r.text(c).is_empty()) {
        return None;
    }
    let level_text = r.text("采用级别").to_string();
    let level = if level_text.is_empty() {
        r.problems.push((
            format!(
                "有采用记录却没有采用级别，可填：{}",
                AdoptionLevel::choices(Lang::Zh)
            ),
            format!(
                "an adoption without its level; use one of: {}",
                AdoptionLevel::choices(Lang::En)
            ),
        ));
        None
    } else {
        let l = AdoptionLevel::parse(&level_text);
        if l.is_none() {
            r.problems.push((
                format!(
                    "采用级别“{level_text}”无法识别，可填：{}",
                    AdoptionLevel::choices(Lang::Zh)
                ),
                format!(
                    "level \"{level_text}\" not recognised; use one of: {}",
                    AdoptionLevel::choices(Lang::En)
                ),
            ));
        }
        l
    };
    let on = r.date("采用日期");
    if on.is_none() && r.text("采用日期").is_empty() {
        r.problems.push((
            "有采用记录却没有采用日期".into(),
            "an adoption without its date".into(),
        ));
    }
    Some((
        level?,
        r.text("采用单位或媒体").to_string(),
        r.text("期号或链接").to_string(),
        on?,
    ))
}

/// One row of an export: the item's cells, then the adoption's or four
/// empty ones.
pub struct ExportRow {
    pub title: String,
    pub unit: String,
    pub authors: Vec<String>,
    pub submitted: Option<Day>,
    pub adoption: Option<(AdoptionLevel, String, String, Day)>,
}

impl ExportRow {
    fn cells(&self) -> Vec<String> {
        let mut cells = vec![
            self.title.clone(),
            self.unit.clone(),
            self.authors.join(NAME_JOIN),
            self.submitted.map(|d| d.to_string()).unwrap_or_default(),
        ];
        match &self.adoption {
            Some((level, outlet, reference, on)) => cells.extend([
                level.label_zh().to_string(),
                outlet.clone(),
                reference.clone(),
                on.to_string(),
            ]),
            None => cells.extend(std::iter::repeat_n(String::new(), 4)),
        }
        cells
    }
}

/// The rows as CSV, with the byte order mark Excel and WPS need to read
/// UTF-8; a cell Excel would run as a formula gets a tab in front, which
/// the import trims.
pub fn export_csv(rows: &[ExportRow]) -> String {
    let header: Vec<String> = COLUMNS.iter().map(|c| c.0.to_string()).collect();
    let body = rows.iter().map(|r| {
        r.cells()
            .into_iter()
            .map(|c| {
                if looks_like_formula(&c) {
                    format!("\t{c}")
                } else {
                    c
                }
            })
            .collect::<Vec<_>>()
    });
    write_csv(std::iter::once(header).chain(body), true)
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Io {
        detail: format!("XLSX: {e}"),
    }
}

/// The rows as a workbook of one sheet, dates as dates.
pub fn export_xlsx(rows: &[ExportRow]) -> Result<Vec<u8>, Error> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("信息").map_err(xlsx_error)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, (name, _)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, *name, &bold)
            .map_err(xlsx_error)?;
        let width = match *name {
            "标题" => 40.0,
            "单位" | "采用单位或媒体" | "期号或链接" => 24.0,
            _ => 12.0,
        };
        sheet.set_column_width(col, width).map_err(xlsx_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, (cell, (name, _))) in row.cells().into_iter().zip(COLUMNS).enumerate() {
            let col = col as u16;
            if cell.is_empty() {
                continue;
            }
            if DATE_COLUMNS.contains(name)
                && let Ok(d) = parse_date(&cell)
            {
                sheet
                    .write_number_with_format(r, col, date_to_serial(Day::from_date(d)), &date)
                    .map_err(xlsx_error)?;
            } else {
                sheet.write_string(r, col, cell).map_err(xlsx_error)?;
            }
        }
    }
    book.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::people_file::read_table;

    fn table(csv: &str) -> Table {
        read_table(std::path::Path::new("x.csv"), csv.as_bytes()).unwrap()
    }

    #[test]
    fn each_row_is_one_adoption_and_a_row_without_one_is_the_item_alone() {
        let t = table(
            "title,unit,authors,submitted,level,outlet,reference,adopted\n\
             关爱留守儿童,四嘉子乡,张三、李四,2024-03-02,市,黑河日报,第12期,2024-03-10\n\
             关爱留守儿童,四嘉子乡,张三、李四,2024-03-02,省级,黑龙江关工委网站,,2024-04-01\n\
             法治讲座进校园,第一中学,,,,,,\n",
        );
        let (rows, problems) = parse_rows(&t).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].authors, vec!["张三", "李四"]);
        assert_eq!(rows[0].submitted, Day::ymd(2024, 3, 2));
        let a = rows[1].adoption.clone().unwrap();
        assert_eq!(a.0, AdoptionLevel::Province);
        assert_eq!(a.1, "黑龙江关工委网站");
        assert_eq!(a.3, Day::ymd(2024, 4, 1).unwrap());
        assert_eq!(rows[2].adoption, None);
        assert_eq!(rows[2].line, 4);
    }

    #[test]
    fn every_problem_of_every_row_is_reported() {
        let t = table(
            "标题,单位,报送日期,采用级别,采用单位或媒体,期号或链接,采用日期\n\
             ,四嘉子乡,2024-13-01,,,,\n\
             好信息,四嘉子乡,,县,黑河日报,,\n",
        );
        let (rows, problems) = parse_rows(&t).unwrap();
        assert!(rows.is_empty());
        let lines: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.zh.as_str())).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(lines[0], (2, "标题为空"));
        assert!(lines[1].1.starts_with("报送日期："), "{lines:?}");
        assert!(lines[2].1.starts_with("采用级别“县”"), "{lines:?}");
        assert_eq!(lines[3], (3, "有采用记录却没有采用日期"));
    }
}
