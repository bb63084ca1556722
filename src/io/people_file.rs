//! The roster as offices keep it in spreadsheets: reading CSV (UTF-8) and
//! XLSX into import rows, and writing CSV (UTF-8 with a BOM) and XLSX.
//!
//! Talks and honours are not in the file; they live on the person's card.

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use super::csv::{CsvRow, Header, looks_like_formula, read_csv, write_csv};
use super::dates::parse_date;
use crate::api::people::{ExportPerson, ImportRow};
use crate::domain::day::Day;
use crate::domain::id_number::Gender;
use crate::domain::person::{
    Category, ElderDraft, PersonDraft, RemovalReason, RosterStatus, Source,
};
use crate::error::{Error, RowProblem};
use crate::lang::Lang;

/// Canonical column names (as offices head them) with the other spellings
/// accepted on import. 序号 numbers the rows of an export and is ignored on
/// import; the next thirteen are the columns of the register; the
/// rest are optional.
pub const COLUMNS: &[(&str, &[&str])] = &[
    ("序号", &["no", "no.", "number", "serial"]),
    ("姓名", &["name", "名字"]),
    ("性别", &["gender", "sex"]),
    (
        "出生日期",
        &[
            "birth",
            "birth date",
            "date of birth",
            "出生年月",
            "出生年月日",
        ],
    ),
    (
        "身份证号",
        &["id number", "id", "身份证", "身份证号码", "公民身份号码"],
    ),
    (
        "联系电话",
        &["phone", "mobile", "电话", "手机", "手机号", "联系方式"],
    ),
    ("类别", &["category", "五老类别", "类型"]),
    ("所属单位", &["unit", "单位", "所在单位"]),
    ("来源", &["source"]),
    ("入列日期", &["joined", "join date", "入列时间", "加入日期"]),
    ("状态", &["status"]),
    (
        "除名日期",
        &["removed", "struck off", "removal date", "除名时间"],
    ),
    ("除名原因", &["reason", "removal reason"]),
    ("备注", &["notes", "remarks", "note"]),
    ("五老骨干", &["core", "骨干"]),
    ("政治面貌", &["political status", "political"]),
    ("原工作单位", &["employer", "former employer", "原单位"]),
    ("原职务", &["post", "former post", "职务"]),
    ("住址", &["address", "家庭住址", "地址"]),
    ("特长", &["skills", "专长"]),
    ("健康状况", &["health", "身体状况"]),
    (
        "重新登记日期",
        &["reregistered", "re-registered", "登记日期"],
    ),
];

const REQUIRED: &[&str] = &["姓名", "所属单位"];

const DATE_COLUMNS: &[&str] = &["出生日期", "入列日期", "除名日期", "重新登记日期"];

/// A file's rows as text, with the line (CSV) or row (XLSX) each came from.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<CsvRow>,
}

fn file_error(zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::ImportFile {
        zh: zh.into(),
        en: en.into(),
    }
}

pub fn is_xlsx(path: &std::path::Path, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Reads a CSV or XLSX file into text rows.
pub fn read_table(path: &std::path::Path, bytes: &[u8]) -> Result<Table, Error> {
    let mut rows = if is_xlsx(path, bytes) {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes).map_err(|e| file_error(e.to_string(), e.message_en()))?
    };
    rows.retain(|r| !r.is_blank());
    if rows.is_empty() {
        return Err(file_error("文件是空的", "the file is empty"));
    }
    let header = rows.remove(0).fields;
    Ok(Table { header, rows })
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<CsvRow>, Error> {
    let unreadable = |e: &dyn std::fmt::Display| {
        file_error(
            format!("无法读取 XLSX 文件（{e}）；请确认是 Excel 2007 及以后的 .xlsx 格式"),
            format!("cannot read the XLSX file ({e}); it must be an Excel 2007+ .xlsx file"),
        )
    };
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = match book.worksheet_range_at(0) {
        Some(r) => r.map_err(|e| unreadable(&e))?,
        None => {
            return Err(file_error(
                "XLSX 文件里没有工作表",
                "the XLSX file has no sheet",
            ));
        }
    };
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut fields = vec![String::new(); first_col];
            fields.extend(cells.iter().map(cell_text));
            CsvRow {
                line: first_row + i + 1,
                fields,
            }
        })
        .collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // A number typed into a text column: 20240116, or an ID number Excel
        // turned into a float (its last digits are lost; the checksum will
        // say so).
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e20 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => serial_to_date(d.as_f64())
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| d.as_f64().to_string()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn excel_epoch() -> NaiveDate {
    // 1899-12-30 absorbs Excel's phantom 29 February 1900.
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(NaiveDate::MIN)
}

fn serial_to_date(serial: f64) -> Option<NaiveDate> {
    let days = serial.floor();
    if !(1.0..=2_958_465.0).contains(&days) {
        return None;
    }
    excel_epoch().checked_add_days(chrono::Days::new(days as u64))
}

pub fn date_to_serial(d: Day) -> f64 {
    (d.date() - excel_epoch()).num_days() as f64
}

struct RowReader<'a> {
    header: &'a Header,
    row: &'a CsvRow,
    problems: Vec<(String, String)>,
}

impl RowReader<'_> {
    fn text(&self, column: &str) -> &str {
        self.header.get(&self.row.fields, column).unwrap_or("")
    }

    fn problem(&mut self, zh: String, en: String) {
        self.problems.push((zh, en));
    }

    fn date(&mut self, column: &str) -> Option<Day> {
        let s = self.text(column);
        if s.is_empty() {
            return None;
        }
        match parse_date(s) {
            Ok(d) => Some(Day::from_date(d)),
            Err(e) => {
                self.problem(
                    format!("{column}：{e}"),
                    format!("{}: {}", english(column), e.message_en()),
                );
                None
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Option<T>,
        choices_zh: String,
    ) -> Option<T> {
        let s = self.text(column).to_string();
        if s.is_empty() {
            return None;
        }
        let found = parse(&s);
        if found.is_none() {
            self.problem(
                format!("{column}“{s}”无法识别，可填：{choices_zh}"),
                format!(
                    "{} \"{s}\" not recognised; use one of: {choices_zh}",
                    english(column)
                ),
            );
        }
        found
    }
}

fn english(column: &str) -> &str {
    COLUMNS
        .iter()
        .find(|(c, _)| *c == column)
        .and_then(|(_, a)| a.first())
        .copied()
        .unwrap_or(column)
}

fn parse_yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" | "√" => Some(true),
        "否" | "n" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// 在册 or empty: on the roll; 除名: struck off.
fn parse_removed(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "在册" | "正常" | "active" | "在职" => Some(false),
        "除名" | "已除名" | "removed" | "struck off" => Some(true),
        _ => None,
    }
}

/// `只挂名无作为` or `迁出：随子女迁居` (reason, then a note); a reason the
/// list does not know is kept whole as the note of `其他`.
fn parse_reason(s: &str) -> (RemovalReason, String) {
    let (head, note) = match s.split_once(['：', ':']) {
        Some((h, n)) => (h, n.trim()),
        None => (s, ""),
    };
    match RemovalReason::parse(head) {
        Some(r) => (r, note.to_string()),
        None => (RemovalReason::Other, s.trim().to_string()),
    }
}

/// Parses every row; a row with problems yields its problems instead, all
/// of them, so one round of corrections is enough.
pub fn parse_rows(table: &Table) -> Result<(Vec<ImportRow>, Vec<RowProblem>), Error> {
    let header = Header::from_row(&table.header, COLUMNS);
    let missing = header.missing(REQUIRED);
    if !missing.is_empty() {
        return Err(file_error(
            format!(
                "缺少必需的列：{}。第一行应为列名，如：{}",
                missing.join("、"),
                COLUMNS
                    .iter()
                    .skip(1)
                    .take(13)
                    .map(|c| c.0)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            format!(
                "required columns missing: {}. The first row must name the columns, e.g. {}",
                missing.join(", "),
                COLUMNS
                    .iter()
                    .skip(1)
                    .take(13)
                    .map(|c| c.0)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ));
    }
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut problems = Vec::new();
    for row in &table.rows {
        let mut r = RowReader {
            header: &header,
            row,
            problems: Vec::new(),
        };
        let draft = parse_row(&mut r);
        if r.problems.is_empty() {
            rows.push(ImportRow {
                line: row.line,
                unit: r.text("所属单位").to_string(),
                draft,
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

fn parse_row(r: &mut RowReader<'_>) -> PersonDraft {
    let name = r.text("姓名").to_string();
    if name.is_empty() {
        r.problem("姓名为空".into(), "the name is empty".into());
    }
    if r.text("所属单位").is_empty() {
        r.problem("所属单位为空".into(), "the unit is empty".into());
    }
    let gender = r.choice("性别", Gender::parse, "男、女".into());
    let birth = r.date("出生日期");
    let category = r.choice("类别", Category::parse, Category::choices(Lang::Zh));
    let source = r.choice("来源", Source::parse, Source::choices(Lang::Zh));
    let joined = r.date("入列日期");
    let reregistered = r.date("重新登记日期");
    let removed_on = r.date("除名日期");
    let core = r
        .choice("五老骨干", parse_yes_no, "是、否".into())
        .unwrap_or(false);
    let removed = r
        .choice("状态", parse_removed, "在册、除名".into())
        .unwrap_or(removed_on.is_some() || !r.text("除名原因").is_empty());
    let status = match (removed, removed_on) {
        (false, _) => RosterStatus::Active,
        (true, None) => {
            if !r.text("除名日期").is_empty() {
                // The date was there but bad; that problem is already listed.
            } else {
                r.problem(
                    "状态为除名，但没有除名日期".into(),
                    "struck off, but the date struck off is missing".into(),
                );
            }
            RosterStatus::Active
        }
        (true, Some(on)) => {
            let (reason, note) = parse_reason(r.text("除名原因"));
            RosterStatus::Removed { on, reason, note }
        }
    };
    let elder = match category {
        Some(category) => Some(ElderDraft {
            category,
            core,
            skills: r.text("特长").to_string(),
            health: r.text("健康状况").to_string(),
            source: source.unwrap_or(Source::Other),
            joined,
            reregistered,
            status,
        }),
        None if !r.text("类别").is_empty() => None,
        None => {
            if removed || !r.text("入列日期").is_empty() {
                r.problem(
                    format!("类别为空；五老须填类别：{}", Category::choices(Lang::Zh)),
                    format!(
                        "the category is empty; an elder needs one of: {}",
                        Category::choices(Lang::En)
                    ),
                );
            }
            None
        }
    };
    PersonDraft {
        name,
        gender,
        birth,
        phone: r.text("联系电话").to_string(),
        id_number: r.text("身份证号").to_string(),
        address: r.text("住址").to_string(),
        employer: r.text("原工作单位").to_string(),
        post: r.text("原职务").to_string(),
        political: r.text("政治面貌").to_string(),
        unit: None,
        notes: r.text("备注").to_string(),
        elder,
    }
}

/// The cells of the `n`th exported person (from 1), in `COLUMNS` order.
fn export_cells(n: usize, e: &ExportPerson) -> Vec<String> {
    let p = &e.person;
    let m = p.elder.as_ref();
    let day = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
    let (status, removed_on, reason) = match m.map(|m| &m.status) {
        None => (String::new(), None, String::new()),
        Some(RosterStatus::Active) => ("在册".to_string(), None, String::new()),
        Some(RosterStatus::Removed { on, reason, note }) => (
            "除名".to_string(),
            Some(*on),
            if note.is_empty() {
                reason.label_zh().to_string()
            } else {
                format!("{}：{note}", reason.label_zh())
            },
        ),
    };
    vec![
        n.to_string(),
        p.name.clone(),
        p.gender
            .map(|g| g.label_zh().to_string())
            .unwrap_or_default(),
        day(p.birth),
        e.id_number.clone(),
        p.phone.clone(),
        m.map(|m| m.category.label_zh().to_string())
            .unwrap_or_default(),
        e.unit_path.clone(),
        m.map(|m| m.source.label_zh().to_string())
            .unwrap_or_default(),
        day(m.and_then(|m| m.joined)),
        status,
        day(removed_on),
        reason,
        p.notes.clone(),
        m.map(|m| if m.core { "是" } else { "否" }.to_string())
            .unwrap_or_default(),
        p.political.clone(),
        p.employer.clone(),
        p.post.clone(),
        p.address.clone(),
        m.map(|m| m.skills.clone()).unwrap_or_default(),
        m.map(|m| m.health.clone()).unwrap_or_default(),
        day(m.and_then(|m| m.reregistered)),
    ]
}

const ID_COLUMN: usize = 4;
const PHONE_COLUMN: usize = 5;

/// CSV that Excel and WPS open with Chinese intact (UTF-8 with a BOM).
///
/// ID and phone numbers get a leading tab so Excel keeps them as text
/// instead of showing 1.10105E+17, and a cell starting with = + - @ (or
/// their fullwidth forms, see `looks_like_formula`) gets one too so Excel
/// does not run it as a formula. Import trims the tab.
pub fn export_csv(people: &[ExportPerson]) -> String {
    let header: Vec<String> = COLUMNS.iter().map(|c| c.0.to_string()).collect();
    let rows = people.iter().enumerate().map(|(i, e)| {
        export_cells(i + 1, e)
            .into_iter()
            .enumerate()
            .map(|(i, cell)| {
                let numeric = (i == ID_COLUMN || i == PHONE_COLUMN) && !cell.is_empty();
                if numeric || looks_like_formula(&cell) {
                    format!("\t{cell}")
                } else {
                    cell
                }
            })
            .collect::<Vec<_>>()
    });
    write_csv(std::iter::once(header).chain(rows), true)
}

pub fn export_xlsx(people: &[ExportPerson]) -> Result<Vec<u8>, Error> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| Error::Io {
        detail: format!("XLSX: {e}"),
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("五老名册").map_err(failed)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, (name, _)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, *name, &bold)
            .map_err(failed)?;
        let width = match *name {
            "身份证号" => 21.0,
            "所属单位" => 30.0,
            "备注" | "住址" => 24.0,
            "序号" => 6.0,
            _ => 12.0,
        };
        sheet.set_column_width(col, width).map_err(failed)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    for (i, e) in people.iter().enumerate() {
        let row = (i + 1) as u32;
        for (col, cell) in export_cells(i + 1, e).into_iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            if col == 0 {
                sheet.write_number(row, 0, (i + 1) as f64).map_err(failed)?;
                continue;
            }
            let name = COLUMNS[col].0;
            let as_date = DATE_COLUMNS
                .contains(&name)
                .then(|| parse_date(&cell).ok())
                .flatten();
            match as_date {
                Some(d) => sheet
                    .write_number_with_format(
                        row,
                        col as u16,
                        date_to_serial(Day::from_date(d)),
                        &date,
                    )
                    .map(|_| ()),
                None => sheet.write_string(row, col as u16, cell).map(|_| ()),
            }
            .map_err(failed)?;
        }
    }
    book.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Table {
        read_table(std::path::Path::new("x.csv"), csv.as_bytes()).unwrap()
    }

    fn zh(problems: &[RowProblem]) -> Vec<(usize, String)> {
        problems.iter().map(|p| (p.line, p.zh.clone())).collect()
    }

    #[test]
    fn good_rows_in_chinese_and_english_headers() {
        let t = table(
            "\u{FEFF}姓名,性别,出生日期,身份证号,联系电话,类别,所属单位,来源,入列日期,状态,除名日期,除名原因,备注\n\
             张桂芳,女,1949年12月31日,\t11010519491231002X,\t13804561234,老教师,爱辉区/教体局,教育系统,2022/9/1,在册,,,书法\n\
             李建国,男,19520301,,,老战士,小乌斯力村,退役军人事务局,2021-05-04,除名,2023-06-01,只挂名无作为,\n",
        );
        let (rows, problems) = parse_rows(&t).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].draft.id_number, "11010519491231002X");
        assert_eq!(rows[0].draft.phone, "13804561234");
        let e = rows[1].draft.elder.as_ref().unwrap();
        assert_eq!(e.category, Category::Veteran);
        assert_eq!(
            e.status,
            RosterStatus::Removed {
                on: Day::ymd(2023, 6, 1).unwrap(),
                reason: RemovalReason::Inactive,
                note: String::new()
            }
        );

        let t = table("name,unit,category,joined\nWang Li,爱辉区,teacher,2024-01-16\n");
        let (rows, problems) = parse_rows(&t).unwrap();
        assert!(problems.is_empty());
        assert_eq!(
            rows[0].draft.elder.as_ref().unwrap().category,
            Category::Teacher
        );
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let t = table(
            "姓名,出生日期,类别,所属单位,来源\n\
             ,1950-01-01,老干部,爱辉区,组织部\n\
             王五,1950-02-30,老干部,爱辉区,组织部\n\
             赵六,1950-01-01,老农民,爱辉区,组织部\n\
             孙七,1950-01-01,老干部,爱辉区,街道办\n\
             周八,1950-01-01,老干部,爱辉区,组织部\n",
        );
        let (rows, problems) = parse_rows(&t).unwrap();
        assert_eq!(rows.len(), 1);
        let got = zh(&problems);
        assert_eq!(got[0], (2, "姓名为空".to_string()));
        assert_eq!(got[1].0, 3);
        assert!(got[1].1.contains("1950年2月只有 28 天"), "{}", got[1].1);
        assert_eq!(got[2].0, 4);
        assert!(got[2].1.contains("类别“老农民”无法识别"));
        assert_eq!(got[3].0, 5);
        assert!(got[3].1.contains("来源“街道办”无法识别"));
        assert!(
            problems[2]
                .en
                .contains("category \"老农民\" not recognised")
        );
    }

    #[test]
    fn missing_columns_and_gbk_are_refused_whole() {
        let t = table("姓名,性别\n张三,男\n");
        let e = parse_rows(&t).err().unwrap();
        assert!(e.message(Lang::Zh).contains("缺少必需的列：所属单位"));
        // 姓名,所属单位 / 张三,爱辉区 in GBK.
        let gbk: &[u8] = b"\xd0\xd5\xc3\xfb,\xcb\xf9\xca\xf4\xb5\xa5\xce\xbb\n\xd5\xc5\xc8\xfd,\xb0\xae\xbb\xd4\xc7\xf8\n";
        let e = read_table(std::path::Path::new("x.csv"), gbk)
            .err()
            .unwrap();
        assert!(
            e.message(Lang::Zh).contains("GBK"),
            "{}",
            e.message(Lang::Zh)
        );
        assert!(e.message(Lang::Zh).contains("UTF-8"));
        assert!(e.message(Lang::En).contains("UTF-8"));
    }

    #[test]
    fn excel_serials_are_dates() {
        assert_eq!(
            serial_to_date(45307.0),
            NaiveDate::from_ymd_opt(2024, 1, 16)
        );
        assert_eq!(date_to_serial(Day::ymd(2024, 1, 16).unwrap()), 45307.0);
    }
}
