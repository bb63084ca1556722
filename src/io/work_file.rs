//! Work records as offices keep them in spreadsheets: one file per list
//! (活动, 培训, 下村, 研学), read from CSV or XLSX into import rows and
//! written back with the same columns, so that an export imports again.
//!
//! Units and people stay text here (a path or a name, people joined with
//! 、): the service finds who and where they are, for the whole file at once.

use std::io::Write;

use super::csv::{CsvRow, Header, looks_like_formula, write_csv};
use super::dates::parse_date;
use super::people_file::{Table, date_to_serial};
use crate::api::work::WorkImportRow;
use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::person::PersonId;
use crate::domain::work::{ActivityKind, Attendance, TrainingMode};
use crate::domain::work_item::{
    ActivityDraft, StudySessionDraft, TrainingDraft, VisitDraft, WorkDraft, WorkItem, WorkList,
};
use crate::error::{Error, RowProblem};
use crate::lang::Lang;

type Columns = &'static [(&'static str, &'static [&'static str])];

/// Canonical column names (as offices head them) with the other spellings
/// accepted on import, in the order an export writes them.
pub fn columns(list: WorkList) -> Columns {
    match list {
        WorkList::Activities => &[
            ("日期", &["date", "活动日期", "活动时间", "时间"]),
            (
                "组织单位",
                &["unit", "organiser", "organizer", "单位", "主办单位"],
            ),
            ("名称", &["title", "活动名称", "name"]),
            ("主题", &["theme", "活动主题"]),
            ("类型", &["kind", "type", "活动类型", "类别"]),
            (
                "线上线下",
                &["online", "线上/线下", "形式", "online/offline"],
            ),
            ("地点", &["place", "活动地点", "venue"]),
            (
                "青少年人数",
                &["youths", "young people", "参与青少年", "受教育青少年人数"],
            ),
            ("参与五老", &["elders", "五老", "参加五老"]),
            ("备注", &["notes", "note", "remarks"]),
        ],
        WorkList::Trainings => &[
            ("日期", &["date", "培训日期", "培训时间", "时间"]),
            (
                "组织单位",
                &["unit", "organiser", "organizer", "单位", "主办单位"],
            ),
            ("方式", &["mode", "培训方式"]),
            ("主题", &["topic", "培训主题", "title"]),
            (
                "参训人次",
                &[
                    "person-times",
                    "person times",
                    "count",
                    "head count",
                    "人次",
                ],
            ),
            ("参训人员", &["attendees", "参加人员", "参训人"]),
        ],
        WorkList::Visits => &[
            ("日期", &["date", "下村日期", "时间"]),
            ("人员", &["person", "姓名", "下村人员", "name"]),
            ("村屯", &["village", "村", "社区", "所到村屯"]),
            ("事由", &["purpose", "工作内容", "下村事由"]),
            ("结果", &["result", "成效", "工作结果"]),
        ],
        WorkList::StudySessions => &[
            ("日期", &["date", "研学日期", "时间"]),
            ("研学基地", &["base", "study base", "基地"]),
            ("来访单位", &["visitor", "from", "school", "来访学校"]),
            ("学生人数", &["students", "人数"]),
            ("主题", &["theme", "研学主题"]),
        ],
    }
}

fn required(list: WorkList) -> &'static [&'static str] {
    match list {
        WorkList::Activities => &["日期", "组织单位", "名称"],
        WorkList::Trainings => &["日期", "组织单位", "方式", "主题"],
        WorkList::Visits => &["日期", "人员", "村屯"],
        WorkList::StudySessions => &["日期", "研学基地", "学生人数"],
    }
}

const DATE_COLUMN: &str = "日期";
const COUNT_COLUMNS: &[&str] = &["青少年人数", "参训人次", "学生人数"];

/// Between the names of one cell: 、 as offices write it; a comma or a
/// semicolon as typed in a hurry.
const NAME_SEPARATORS: [char; 5] = ['、', ',', '，', ';', '；'];

pub const NAME_JOIN: &str = "、";

fn file_error(zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::ImportFile {
        zh: zh.into(),
        en: en.into(),
    }
}

/// The names of a cell, as many as it holds.
pub fn split_names(s: &str) -> Vec<String> {
    s.split(NAME_SEPARATORS)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

/// 线上 (online) or 线下 (offline).
pub fn parse_online(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "线上" | "网上" | "online" | "是" | "yes" | "y" | "true" => Some(true),
        "线下" | "现场" | "offline" | "否" | "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

pub fn online_label(online: bool) -> &'static str {
    if online { "线上" } else { "线下" }
}

/// A count of people: 0 or more, as a whole number (`300`, or `300人`
/// as some registers write it).
pub fn parse_count(s: &str) -> Option<u32> {
    let s = s.trim();
    let s = s.strip_suffix('人').unwrap_or(s).trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

struct RowReader<'a> {
    header: &'a Header,
    row: &'a CsvRow,
    columns: Columns,
    problems: Vec<(String, String)>,
}

impl RowReader<'_> {
    fn text(&self, column: &str) -> &str {
        self.header.get(&self.row.fields, column).unwrap_or("")
    }

    fn english(&self, column: &str) -> &'static str {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, a)| a.first())
            .copied()
            .unwrap_or("column")
    }

    fn problem(&mut self, zh: String, en: String) {
        self.problems.push((zh, en));
    }

    fn not_empty(&mut self, column: &str) -> String {
        let s = self.text(column).to_string();
        if s.is_empty() {
            let en = self.english(column);
            self.problem(format!("{column}为空"), format!("the {en} is empty"));
        }
        s
    }

    fn date(&mut self) -> Day {
        let s = self.text(DATE_COLUMN).to_string();
        if s.is_empty() {
            self.problem("日期为空".into(), "the date is empty".into());
            return Day::from_date(chrono::NaiveDate::MIN);
        }
        match parse_date(&s) {
            Ok(d) => Day::from_date(d),
            Err(e) => {
                self.problem(format!("日期：{e}"), format!("date: {}", e.message_en()));
                Day::from_date(chrono::NaiveDate::MIN)
            }
        }
    }

    /// The count of `column`; `None` when the cell is empty.
    fn count(&mut self, column: &str) -> Option<u32> {
        let s = self.text(column).to_string();
        if s.is_empty() {
            return None;
        }
        let n = parse_count(&s);
        if n.is_none() {
            let en = self.english(column);
            self.problem(
                format!("{column}“{s}”不是人数：应为 0 或正整数"),
                format!("{en} \"{s}\" is not a count: use a whole number, 0 or more"),
            );
        }
        n
    }

    fn choice<T>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Option<T>,
        choices: (String, String),
    ) -> Option<T> {
        let s = self.text(column).to_string();
        if s.is_empty() {
            return None;
        }
        let found = parse(&s);
        if found.is_none() {
            let en = self.english(column);
            self.problem(
                format!("{column}“{s}”无法识别，可填：{}", choices.0),
                format!("{en} \"{s}\" not recognised; use one of: {}", choices.1),
            );
        }
        found
    }
}

/// Parses every row of a file of `list`; a row with problems yields its
/// problems instead, all of them, so one round of corrections is enough.
/// A file without the columns a record needs is refused whole.
pub fn parse_rows(
    list: WorkList,
    table: &Table,
) -> Result<(Vec<WorkImportRow>, Vec<RowProblem>), Error> {
    let columns = columns(list);
    let header = Header::from_row(&table.header, columns);
    let missing = header.missing(required(list));
    if !missing.is_empty() {
        let all: Vec<&str> = columns.iter().map(|c| c.0).collect();
        let english: Vec<&str> = columns
            .iter()
            .map(|c| c.1.first().copied().unwrap_or(c.0))
            .collect();
        let missing_en: Vec<&str> = missing
            .iter()
            .map(|m| {
                columns
                    .iter()
                    .find(|c| c.0 == *m)
                    .and_then(|c| c.1.first().copied())
                    .unwrap_or(m)
            })
            .collect();
        return Err(file_error(
            format!(
                "缺少必需的列：{}。第一行应为列名，如：{}",
                missing.join("、"),
                all.join(",")
            ),
            format!(
                "required columns missing: {} ({}). The first row must name the columns, e.g. {} (or {})",
                missing_en.join(", "),
                missing.join(", "),
                all.join(","),
                english.join(",")
            ),
        ));
    }
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut problems = Vec::new();
    for row in &table.rows {
        let mut r = RowReader {
            header: &header,
            row,
            columns,
            problems: Vec::new(),
        };
        let (unit, people, draft) = parse_row(list, &mut r);
        if r.problems.is_empty() {
            rows.push(WorkImportRow {
                line: row.line,
                unit,
                people,
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

/// A unit the service fills in once it has found the row's unit.
const SOMEWHERE: UnitId = UnitId(0);

fn parse_row(list: WorkList, r: &mut RowReader<'_>) -> (String, Vec<String>, WorkDraft) {
    let date = r.date();
    match list {
        WorkList::Activities => {
            let unit = r.not_empty("组织单位");
            let title = r.not_empty("名称");
            let kind = r
                .choice(
                    "类型",
                    ActivityKind::parse,
                    (
                        ActivityKind::choices(Lang::Zh),
                        ActivityKind::choices(Lang::En),
                    ),
                )
                .unwrap_or(ActivityKind::Other);
            let online = r
                .choice(
                    "线上线下",
                    parse_online,
                    ("线上、线下".into(), "线上/线下, online/offline".into()),
                )
                .unwrap_or(false);
            let youths = r.count("青少年人数").unwrap_or(0);
            let people = split_names(r.text("参与五老"));
            let draft = WorkDraft::Activity(ActivityDraft {
                unit: SOMEWHERE,
                date,
                title,
                theme: r.text("主题").to_string(),
                kind,
                online,
                place: r.text("地点").to_string(),
                youths,
                elders: vec![],
                notes: r.text("备注").to_string(),
            });
            (unit, people, draft)
        }
        WorkList::Trainings => {
            let unit = r.not_empty("组织单位");
            let mode = r.choice(
                "方式",
                TrainingMode::parse,
                (
                    TrainingMode::choices(Lang::Zh),
                    TrainingMode::choices(Lang::En),
                ),
            );
            if mode.is_none() && r.text("方式").is_empty() {
                r.problem(
                    format!("方式为空，可填：{}", TrainingMode::choices(Lang::Zh)),
                    format!(
                        "the mode is empty; use one of: {}",
                        TrainingMode::choices(Lang::En)
                    ),
                );
            }
            let topic = r.not_empty("主题");
            let count = r.count("参训人次");
            let people = split_names(r.text("参训人员"));
            let attendance = match (count, people.len()) {
                (None, 0) => {
                    if r.text("参训人次").is_empty() {
                        r.problem(
                            "请填写参训人员，或不记名单时填写参训人次".into(),
                            "give the attendees, or the person-times when names are not kept"
                                .into(),
                        );
                    }
                    Attendance::HeadCount(0)
                }
                (Some(n), 0) => Attendance::HeadCount(n),
                (Some(n), named) if n as usize != named => {
                    r.problem(
                        format!("参训人次为 {n}，而参训人员列了 {named} 人：两者须一致，或只填一项"),
                        format!(
                            "the person-times say {n} but {named} attendees are named: make them agree, or give only one"
                        ),
                    );
                    Attendance::Named(vec![])
                }
                _ => Attendance::Named(vec![]),
            };
            let draft = WorkDraft::Training(TrainingDraft {
                unit: SOMEWHERE,
                date,
                mode: mode.unwrap_or(TrainingMode::Topical),
                topic,
                attendance,
            });
            (unit, people, draft)
        }
        WorkList::Visits => {
            let person = r.not_empty("人员");
            let village = r.not_empty("村屯");
            let people = split_names(&person);
            if people.len() > 1 {
                r.problem(
                    format!("人员“{person}”：每行只记一人的下村工作"),
                    format!("person \"{person}\": one person's visit per row"),
                );
            }
            let draft = WorkDraft::Visit(VisitDraft {
                person: PersonId(0),
                village: SOMEWHERE,
                date,
                purpose: r.text("事由").to_string(),
                result: r.text("结果").to_string(),
            });
            (village, people, draft)
        }
        WorkList::StudySessions => {
            let base = r.not_empty("研学基地");
            let students = r.count("学生人数");
            if students.is_none() && r.text("学生人数").is_empty() {
                r.problem("学生人数为空".into(), "the students count is empty".into());
            }
            let draft = WorkDraft::StudySession(StudySessionDraft {
                base: SOMEWHERE,
                date,
                visitor: r.text("来访单位").to_string(),
                students: students.unwrap_or(0),
                theme: r.text("主题").to_string(),
            });
            (base, vec![], draft)
        }
    }
}

/// The cells of one record, in the order of `columns(item.list())`:
/// `unit_path` is the path of its unit, `name` the name of a person it
/// names.
pub fn export_cells<'n>(
    item: &WorkItem,
    unit_path: &str,
    name: impl Fn(PersonId) -> &'n str,
) -> Vec<String> {
    let names = |people: &[PersonId]| {
        people
            .iter()
            .map(|p| name(*p))
            .collect::<Vec<_>>()
            .join(NAME_JOIN)
    };
    let date = item.date().to_string();
    match item {
        WorkItem::Activity(a) => vec![
            date,
            unit_path.to_string(),
            a.title.clone(),
            a.theme.clone(),
            a.kind.label_zh().to_string(),
            online_label(a.online).to_string(),
            a.place.clone(),
            a.youths.to_string(),
            names(&a.elders),
            a.notes.clone(),
        ],
        WorkItem::Training(t) => {
            let attendees = match &t.attendance {
                Attendance::Named(p) => names(p),
                Attendance::HeadCount(_) => String::new(),
            };
            vec![
                date,
                unit_path.to_string(),
                t.mode.label_zh().to_string(),
                t.topic.clone(),
                t.attendance.person_times().to_string(),
                attendees,
            ]
        }
        WorkItem::Visit(v) => vec![
            date,
            name(v.person).to_string(),
            unit_path.to_string(),
            v.purpose.clone(),
            v.result.clone(),
        ],
        WorkItem::StudySession(s) => vec![
            date,
            unit_path.to_string(),
            s.visitor.clone(),
            s.students.to_string(),
            s.theme.clone(),
        ],
    }
}

fn io_error(path: &std::path::Path, e: impl std::fmt::Display) -> Error {
    Error::Io {
        detail: format!("{}: {e}", path.display()),
    }
}

/// The sheet's name in a workbook.
fn sheet_name(list: WorkList) -> &'static str {
    match list {
        WorkList::Activities => "活动",
        WorkList::Trainings => "培训",
        WorkList::Visits => "下村工作",
        WorkList::StudySessions => "研学",
    }
}

enum Sink {
    /// Written row by row, so a long list never sits in memory whole.
    Csv(std::io::BufWriter<std::fs::File>),
    Xlsx(Box<rust_xlsxwriter::Workbook>),
}

/// A file of one list being written: the header first, then a row per
/// record, then `finish`.
pub struct Export {
    path: std::path::PathBuf,
    list: WorkList,
    sink: Sink,
    rows: u32,
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Io {
        detail: format!("XLSX: {e}"),
    }
}

impl Export {
    pub fn create(path: &std::path::Path, list: WorkList, xlsx: bool) -> Result<Export, Error> {
        let header: Vec<&str> = columns(list).iter().map(|c| c.0).collect();
        let sink = if xlsx {
            use rust_xlsxwriter::{Format, Workbook};
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name(sheet_name(list)).map_err(xlsx_error)?;
            let bold = Format::new().set_bold();
            for (col, name) in header.iter().enumerate() {
                let col = col as u16;
                sheet
                    .write_string_with_format(0, col, *name, &bold)
                    .map_err(xlsx_error)?;
                let width = match *name {
                    "组织单位" | "村屯" | "研学基地" => 30.0,
                    "名称" | "主题" | "参与五老" | "参训人员" | "备注" | "事由" | "结果" => {
                        24.0
                    }
                    _ => 12.0,
                };
                sheet.set_column_width(col, width).map_err(xlsx_error)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
            Sink::Xlsx(Box::new(book))
        } else {
            let file = std::fs::File::create(path).map_err(|e| io_error(path, e))?;
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, file);
            out.write_all(write_csv([header], true).as_bytes())
                .map_err(|e| io_error(path, e))?;
            Sink::Csv(out)
        };
        Ok(Export {
            path: path.to_path_buf(),
            list,
            sink,
            rows: 0,
        })
    }

    /// One record's cells, from `export_cells`.
    pub fn row(&mut self, cells: Vec<String>) -> Result<(), Error> {
        self.rows += 1;
        match &mut self.sink {
            Sink::Csv(out) => {
                // A cell Excel would run as a formula gets a tab in front,
                // which the import trims.
                let cells: Vec<String> = cells
                    .into_iter()
                    .map(|c| {
                        if looks_like_formula(&c) {
                            format!("\t{c}")
                        } else {
                            c
                        }
                    })
                    .collect();
                out.write_all(write_csv([cells], false).as_bytes())
                    .map_err(|e| io_error(&self.path, e))
            }
            Sink::Xlsx(book) => {
                let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                let sheet = book.worksheet_from_index(0).map_err(xlsx_error)?;
                let row = self.rows;
                for (col, (cell, (name, _))) in
                    cells.into_iter().zip(columns(self.list)).enumerate()
                {
                    let col = col as u16;
                    if cell.is_empty() {
                        continue;
                    }
                    if *name == DATE_COLUMN
                        && let Ok(d) = parse_date(&cell)
                    {
                        sheet
                            .write_number_with_format(
                                row,
                                col,
                                date_to_serial(Day::from_date(d)),
                                &date,
                            )
                            .map_err(xlsx_error)?;
                    } else if COUNT_COLUMNS.contains(name)
                        && let Some(n) = parse_count(&cell)
                    {
                        sheet
                            .write_number(row, col, f64::from(n))
                            .map_err(xlsx_error)?;
                    } else {
                        sheet.write_string(row, col, cell).map_err(xlsx_error)?;
                    }
                }
                Ok(())
            }
        }
    }

    /// Writes what is left and closes the file; answers the records written.
    pub fn finish(self) -> Result<u32, Error> {
        match self.sink {
            Sink::Csv(mut out) => out.flush().map_err(|e| io_error(&self.path, e))?,
            Sink::Xlsx(mut book) => book.save(&self.path).map_err(|e| io_error(&self.path, e))?,
        }
        Ok(self.rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Table {
        super::super::people_file::read_table(std::path::Path::new("x.csv"), csv.as_bytes())
            .unwrap()
    }

    #[test]
    fn an_activity_row_in_chinese_headers() {
        let t = table(
            "\u{FEFF}日期,组织单位,名称,主题,类型,线上线下,地点,青少年人数,参与五老,备注\n\
             2024年3月1日,爱辉区/四嘉子乡,法治讲座,法治进校园,法治宣传,线下,村部,35,张三、李四,\n",
        );
        let (rows, problems) = parse_rows(WorkList::Activities, &t).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].unit, "爱辉区/四嘉子乡");
        assert_eq!(rows[0].people, vec!["张三", "李四"]);
        let WorkDraft::Activity(a) = &rows[0].draft else {
            panic!()
        };
        assert_eq!(a.date, Day::ymd(2024, 3, 1).unwrap());
        assert_eq!((a.kind, a.online, a.youths), (ActivityKind::Law, false, 35));
    }

    #[test]
    fn every_problem_of_every_row_is_named() {
        let t = table(
            "date,unit,title,kind,youths\n\
             2024-02-30,爱辉区,a,law,3\n\
             2024-03-01,爱辉区,b,跳舞,-3\n\
             2024-03-01,爱辉区,c,law,7\n",
        );
        let (rows, problems) = parse_rows(WorkList::Activities, &t).unwrap();
        assert_eq!(rows.len(), 1);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 3, 3]);
        assert!(
            problems[0].zh.contains("2024年2月只有 29 天"),
            "{}",
            problems[0].zh
        );
        assert!(
            problems[1].zh.contains("类型“跳舞”无法识别"),
            "{}",
            problems[1].zh
        );
        assert!(
            problems[2].en.contains("youths \"-3\" is not a count"),
            "{}",
            problems[2].en
        );
    }

    #[test]
    fn a_training_counts_its_names_or_takes_its_head_count() {
        let t = table(
            "日期,组织单位,方式,主题,参训人次,参训人员\n\
             2024-03-01,爱辉区,专题培训,a,,张三、李四\n\
             2024-03-01,爱辉区,以会代训,b,40,\n\
             2024-03-01,爱辉区,专题培训,c,3,张三、李四\n\
             2024-03-01,爱辉区,专题培训,d,2,张三、李四\n\
             2024-03-01,爱辉区,专题培训,e,,\n",
        );
        let (rows, problems) = parse_rows(WorkList::Trainings, &t).unwrap();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![4, 6]);
        assert!(problems[0].zh.contains("参训人次为 3，而参训人员列了 2 人"));
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].people.len(), 2);
        let WorkDraft::Training(b) = &rows[1].draft else {
            panic!()
        };
        assert_eq!(b.attendance, Attendance::HeadCount(40));
        assert_eq!(b.mode, TrainingMode::MeetingAsTraining);
    }

    #[test]
    fn missing_columns_refuse_the_file() {
        let t = table("日期,人员\n2024-03-01,张三\n");
        let e = parse_rows(WorkList::Visits, &t).err().unwrap();
        assert!(
            e.message(Lang::Zh).contains("缺少必需的列：村屯"),
            "{}",
            e.message(Lang::Zh)
        );
        assert!(e.message(Lang::En).contains("village"));
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("300"), Some(300));
        assert_eq!(parse_count(" 12人 "), Some(12));
        assert_eq!(parse_count("-1"), None);
        assert_eq!(parse_count("1.5"), None);
        assert_eq!(parse_count("99999999999"), None);
    }
}
