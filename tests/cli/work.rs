//! `ggw activities|trainings|visits|studybase add|list|import|export`
//! through the real binary.

use crate::kit;

use std::path::{Path, PathBuf};
use std::process::Output;

use kit::{Ggw, TempDb, ok, run, stderr, stdout};
use serde_json::Value;

/// A district, a township with a village, and two elders of the township.
fn work_db() -> TempDb {
    let t = kit::cli_db(&[
        ("爱辉区", "乡镇", "四嘉子乡"),
        ("爱辉区/四嘉子乡", "村屯", "小乌斯力村"),
    ]);
    for (name, category) in [("张桂芳", "老教师"), ("李建国", "老战士")] {
        ok(
            &t.path,
            &[
                "people",
                "add",
                "--name",
                name,
                "--unit",
                "四嘉子乡",
                "--category",
                category,
            ],
        );
    }
    t
}

fn en(db: &Path, args: &[&str]) -> Output {
    Ggw::new().lang("en_US.UTF-8").db(db).args(args).output()
}

fn list_json(db: &Path, kind: &str) -> Vec<Value> {
    let o = run(db, &[kind, "list", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Fails with exit code 1 and a message naming `zh`; the same in English
/// names `en`.
fn refused(db: &Path, args: &[&str], zh: &str, en_text: &str) {
    let o = run(db, args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
    assert!(stderr(&o).contains(zh), "{args:?}: {}", stderr(&o));
    let o = en(db, args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
    assert!(stderr(&o).contains(en_text), "{args:?}: {}", stderr(&o));
}

#[test]
fn each_kind_is_added_and_listed_in_text_and_json() {
    let t = work_db();
    let db = &t.path;
    let out = ok(
        db,
        &[
            "activities",
            "add",
            "--unit",
            "四嘉子乡",
            "--date",
            "2024-03-01",
            "--title",
            "法治讲座",
            "--theme",
            "法治进校园",
            "--kind",
            "法治宣传",
            "--online",
            "--place",
            "村部",
            "--youths",
            "35",
            "--elders",
            "张桂芳,李建国",
        ],
    );
    assert_eq!(out, "已登记活动 #1 2024-03-01 法治讲座\n");
    // An earlier one, added second: the list is oldest first.
    let out = ok(
        db,
        &[
            "activities",
            "add",
            "--unit",
            "爱辉区",
            "--date",
            "2024-01-05",
            "--title",
            "迎新春",
            "--kind",
            "culture",
        ],
    );
    assert_eq!(out, "已登记活动 #2 2024-01-05 迎新春\n");
    let out = ok(
        db,
        &[
            "trainings",
            "add",
            "--unit",
            "爱辉区",
            "--date",
            "2024-04-01",
            "--mode",
            "专题培训",
            "--topic",
            "政策学习",
            "--attendees",
            "张桂芳、李建国",
        ],
    );
    assert_eq!(out, "已登记培训 #1 2024-04-01 政策学习\n");
    ok(
        db,
        &[
            "trainings",
            "add",
            "--unit",
            "四嘉子乡",
            "--date",
            "2024-04-02",
            "--mode",
            "meeting",
            "--topic",
            "例会",
            "--count",
            "40",
        ],
    );
    let out = ok(
        db,
        &[
            "visits",
            "add",
            "--person",
            "张桂芳",
            "--village",
            "小乌斯力村",
            "--date",
            "2024-05-01",
            "--purpose",
            "走访",
            "--result",
            "解决用水问题",
        ],
    );
    assert_eq!(out, "已登记下村工作 #1 2024-05-01 走访\n");
    let out = ok(
        db,
        &[
            "studybase",
            "add",
            "--base",
            "四嘉子乡",
            "--date",
            "2024-06-01",
            "--students",
            "45",
            "--from",
            "第一中学",
            "--theme",
            "红色教育",
        ],
    );
    assert_eq!(out, "已登记研学 #1 2024-06-01 第一中学\n");

    // Text: a count, then one line a record, oldest first, with the
    // columns lined up (the unit path padded to 28 columns, Chinese two each).
    let text = ok(db, &["activities", "list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "共 2 次活动");
    assert_eq!(
        lines[1],
        "#2      2024-01-05 爱辉区                       文体     线下 迎新春                   青少年 0 人"
    );
    assert_eq!(
        lines[2],
        "#1      2024-03-01 爱辉区/四嘉子乡              法治宣传 线上 法治讲座                 青少年 35 人   张桂芳、李建国"
    );
    let text = ok(db, &["trainings", "list"]);
    assert!(
        text.contains("专题培训   政策学习                 2 人次 张桂芳、李建国"),
        "{text}"
    );
    assert!(
        text.contains("以会代训   例会                     40 人次（未记名）"),
        "{text}"
    );
    let text = ok(db, &["visits", "list"]);
    assert!(
        text.contains("#1      2024-05-01 张桂芳   爱辉区/四嘉子乡/小乌斯力村   走访"),
        "{text}"
    );
    let text = Ggw::new()
        .lang("en_US.UTF-8")
        .db(db)
        .args(["studybase", "list"])
        .ok();
    assert!(text.starts_with("1 study-base session\n"), "{text}");
    assert!(text.contains("第一中学             45 students"), "{text}");

    // JSON: English keys, codes for the choices, people by id and name.
    let a = list_json(db, "activities");
    assert_eq!(a.len(), 2);
    assert_eq!(a[0]["id"], 2);
    let law = &a[1];
    assert_eq!(law["date"], "2024-03-01");
    assert_eq!(law["unit"], 2);
    assert_eq!(law["unit_path"], "爱辉区/四嘉子乡");
    assert_eq!(law["title"], "法治讲座");
    assert_eq!(law["theme"], "法治进校园");
    assert_eq!(law["kind"], "law");
    assert_eq!(law["online"], true);
    assert_eq!(law["place"], "村部");
    assert_eq!(law["youths"], 35);
    assert_eq!(
        law["elders"],
        serde_json::json!([{"id": 1, "name": "张桂芳"}, {"id": 2, "name": "李建国"}])
    );
    let tr = list_json(db, "trainings");
    assert_eq!(tr[0]["mode"], "topical");
    assert_eq!(tr[0]["person_times"], 2);
    assert_eq!(tr[0]["attendees"][1]["name"], "李建国");
    assert_eq!(tr[1]["mode"], "meeting");
    assert_eq!(tr[1]["person_times"], 40);
    assert_eq!(tr[1]["attendees"], Value::Null);
    let v = list_json(db, "visits");
    assert_eq!(
        v[0]["person"],
        serde_json::json!({"id": 1, "name": "张桂芳"})
    );
    assert_eq!(v[0]["unit_path"], "爱辉区/四嘉子乡/小乌斯力村");
    assert_eq!(v[0]["result"], "解决用水问题");
    let s = list_json(db, "studybase");
    assert_eq!(
        (&s[0]["visitor"], &s[0]["students"], &s[0]["theme"]),
        (
            &Value::from("第一中学"),
            &Value::from(45),
            &Value::from("红色教育")
        )
    );

    // --unit and --from/--to narrow the list; a day at either end counts.
    let a: Vec<Value> = serde_json::from_str(&ok(
        db,
        &[
            "activities",
            "list",
            "--unit",
            "四嘉子乡",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["id"], 1);
    let a: Vec<Value> = serde_json::from_str(&ok(
        db,
        &[
            "activities",
            "list",
            "--from",
            "2024-01-05",
            "--to",
            "2024-02-29",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["id"], 2);
    let a: Vec<Value> = serde_json::from_str(&ok(
        db,
        &[
            "activities",
            "list",
            "--from",
            "2024-03-02",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert!(a.is_empty());
}

#[test]
fn refusals_say_why_in_the_users_language_and_save_nothing() {
    let t = work_db();
    let db = &t.path;
    ok(
        db,
        &[
            "activities",
            "add",
            "--unit",
            "四嘉子乡",
            "--date",
            "2024-03-01",
            "--title",
            "法治讲座",
        ],
    );
    refused(
        db,
        &[
            "activities",
            "add",
            "--unit",
            "四嘉子乡",
            "--date",
            "2024-02-30",
            "--title",
            "春耕",
        ],
        "2024年2月只有 29 天",
        "2024-02 has only 29 days",
    );
    refused(
        db,
        &[
            "activities",
            "add",
            "--unit",
            "四嘉子乡",
            "--date",
            "2024-03-02",
            "--title",
            "舞会",
            "--kind",
            "跳舞",
        ],
        "类型“跳舞”无法识别，可用：教育",
        "kind \"跳舞\" not recognised; use one of: education",
    );
    refused(
        db,
        &[
            "activities",
            "add",
            "--unit",
            "四嘉子乡",
            "--date",
            "2024-03-02",
            "--title",
            "舞会",
            "--youths",
            "-3",
        ],
        "--youths“-3”不是人数",
        "--youths \"-3\" is not a count",
    );
    refused(
        db,
        &[
            "activities",
            "add",
            "--unit",
            "四嘉子乡",
            "--date",
            "2024-03-01",
            "--title",
            "法治讲座",
        ],
        "已经登记过（活动编号 1）",
        "is on record already (activity 1)",
    );
    refused(
        db,
        &[
            "visits",
            "add",
            "--person",
            "张桂芳",
            "--village",
            "四嘉子乡",
            "--date",
            "2024-05-01",
        ],
        "“四嘉子乡”不是村屯或社区",
        "\"四嘉子乡\" is not a village or community",
    );
    let training = |extra: &[&str]| {
        let mut args = vec![
            "trainings",
            "add",
            "--unit",
            "爱辉区",
            "--date",
            "2024-04-01",
            "--mode",
            "专题培训",
            "--topic",
            "政策学习",
        ];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let both = training(&["--attendees", "张桂芳", "--count", "1"]);
    let both: Vec<&str> = both.iter().map(String::as_str).collect();
    refused(
        db,
        &both,
        "--attendees 与 --count 只能给一个",
        "give --attendees or --count, not both",
    );
    let neither = training(&[]);
    let neither: Vec<&str> = neither.iter().map(String::as_str).collect();
    refused(
        db,
        &neither,
        "请给出参训人员",
        "give the attendees (--attendees A,B)",
    );
    let nobody = training(&["--attendees", "王五"]);
    let nobody: Vec<&str> = nobody.iter().map(String::as_str).collect();
    refused(db, &nobody, "找不到人员“王五”", "No person \"王五\"");
    refused(
        db,
        &[
            "trainings",
            "add",
            "--unit",
            "爱辉区",
            "--date",
            "2024-04-01",
            "--mode",
            "讲座",
            "--topic",
            "t",
            "--count",
            "3",
        ],
        "方式“讲座”无法识别",
        "mode \"讲座\" not recognised",
    );
    assert_eq!(list_json(db, "activities").len(), 1);
    assert!(list_json(db, "trainings").is_empty());
    assert!(list_json(db, "visits").is_empty());
}

const ACTIVITIES: &str = "\u{FEFF}日期,组织单位,名称,主题,类型,线上线下,地点,青少年人数,参与五老,备注\r\n\
2024/3/1,爱辉区/四嘉子乡,法治讲座,法治进校园,法治宣传,线下,村部,35,张桂芳、李建国,\"第一场，效果好\"\r\n\
2024年1月5日,爱辉区,迎新春,,文体,线上,,120,,\r\n\
20240601,四嘉子乡,六一关爱,,care,offline,小学,60,李建国,\r\n";

#[test]
fn a_csv_with_a_bom_is_imported_whole() {
    let t = work_db();
    let db = &t.path;
    let file = write(t.dir.path(), "活动.csv", ACTIVITIES.as_bytes());
    let o = run(db, &["activities", "import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("已导入 3 次活动（"),
        "{}",
        stdout(&o)
    );
    let a = list_json(db, "activities");
    let got: Vec<(&str, &str, &str, bool, u64, usize)> = a
        .iter()
        .map(|x| {
            (
                x["date"].as_str().unwrap(),
                x["title"].as_str().unwrap(),
                x["kind"].as_str().unwrap(),
                x["online"].as_bool().unwrap(),
                x["youths"].as_u64().unwrap(),
                x["elders"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("2024-01-05", "迎新春", "culture", true, 120, 0),
            ("2024-03-01", "法治讲座", "law", false, 35, 2),
            ("2024-06-01", "六一关爱", "care", false, 60, 1),
        ]
    );
    assert_eq!(a[1]["notes"], "第一场，效果好");
    assert_eq!(a[1]["unit_path"], "爱辉区/四嘉子乡");
    // The same file again: every row is the same activity as one stored.
    let o = run(db, &["activities", "import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for line in ["第 2 行", "第 3 行", "第 4 行"] {
        assert!(err.contains(&format!("{line}：没有保存")), "{err}");
    }
    assert_eq!(list_json(db, "activities").len(), 3);
}

#[test]
fn an_xlsx_with_date_cells_is_imported() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let t = work_db();
    let db = &t.path;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, h) in ["日期", "组织单位", "方式", "主题", "参训人次", "参训人员"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    /// Year, month, unit, mode, topic, person-times, attendees.
    type Row<'a> = (u16, u8, &'a str, &'a str, &'a str, Option<f64>, &'a str);
    let rows: [Row; 2] = [
        (
            2024,
            3,
            "爱辉区",
            "专题培训",
            "政策学习",
            None,
            "张桂芳、李建国",
        ),
        (2024, 12, "四嘉子乡", "网上授课", "安全教育", Some(57.0), ""),
    ];
    for (i, (y, m, unit, mode, topic, count, names)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let day = ExcelDateTime::from_ymd(*y, *m, 1).unwrap();
        sheet.write_datetime_with_format(r, 0, &day, &date).unwrap();
        sheet.write_string(r, 1, *unit).unwrap();
        sheet.write_string(r, 2, *mode).unwrap();
        sheet.write_string(r, 3, *topic).unwrap();
        if let Some(n) = count {
            sheet.write_number(r, 4, *n).unwrap();
        }
        if !names.is_empty() {
            sheet.write_string(r, 5, *names).unwrap();
        }
    }
    let file = t.dir.path().join("培训.xlsx");
    book.save(&file).unwrap();
    let out = ok(db, &["trainings", "import", file.to_str().unwrap()]);
    assert!(out.starts_with("已导入 2 期培训"), "{out}");
    let tr = list_json(db, "trainings");
    assert_eq!(tr[0]["date"], "2024-03-01");
    assert_eq!(tr[0]["person_times"], 2);
    assert_eq!(tr[0]["attendees"][0]["name"], "张桂芳");
    assert_eq!(tr[1]["date"], "2024-12-01");
    assert_eq!(tr[1]["mode"], "online");
    assert_eq!(tr[1]["person_times"], 57);
    assert_eq!(tr[1]["attendees"], Value::Null);
    assert_eq!(tr[1]["unit_path"], "爱辉区/四嘉子乡");
}

#[test]
fn a_bad_file_names_every_bad_line_and_writes_nothing() {
    let t = work_db();
    let db = &t.path;
    let rows = [
        "日期,组织单位,名称,主题,类型,线上线下,地点,青少年人数,参与五老,备注",
        "2024-02-30,四嘉子乡,春耕,,教育,线下,,10,,",
        "2024-03-01,四嘉子乡,讲座,,跳舞,线下,,-5,,",
        "2024-03-02,爱辉区/红旗乡,宣讲,,教育,线下,,10,,",
        "2024-03-03,四嘉子乡,走访,,关爱帮扶,线下,,10,王五,",
        "2024-03-04,四嘉子乡,读书会,,文体,线下,,10,,",
        "2024-03-04,四嘉子乡,读书会,,文体,线下,,12,,",
        "2024-03-05,四嘉子乡,,,文体,线下,,12,,",
        "2024-03-06,四嘉子乡,好活动,,文体,线下,,12,张桂芳,",
    ]
    .join("\n");
    let file = write(t.dir.path(), "bad.csv", rows.as_bytes());
    let path = file.to_str().unwrap();
    let o = run(db, &["activities", "import", path]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for expected in [
        "导入未执行，没有写入任何数据：6 行有问题",
        "\n第 2 行：日期：日期“2024-02-30”无效：2024年2月只有 29 天",
        "\n第 3 行：类型“跳舞”无法识别",
        "\n第 3 行：青少年人数“-5”不是人数",
        "\n第 4 行：找不到单位“爱辉区/红旗乡”",
        "\n第 5 行：找不到人员“王五”",
        "\n第 7 行：与第 6 行是同一活动",
        "\n第 8 行：名称为空",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("第 6 行："), "{err}");
    assert!(!err.contains("第 9 行"), "{err}");
    assert!(list_json(db, "activities").is_empty());

    let o = en(db, &["activities", "import", "--check", path]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for expected in [
        "Nothing was imported: 6 rows have problems",
        "2024-02 has only 29 days",
        "kind \"跳舞\" not recognised",
        "youths \"-5\" is not a count",
        "the same activity as line 6",
        "the title is empty",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(list_json(db, "activities").is_empty());

    // A training naming two but counting three; a file without 村屯.
    let file = write(
        t.dir.path(),
        "t.csv",
        "日期,组织单位,方式,主题,参训人次,参训人员\n2024-03-01,爱辉区,专题培训,学习,3,张桂芳、李建国\n"
            .as_bytes(),
    );
    let o = run(db, &["trainings", "import", file.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("第 2 行：参训人次为 3，而参训人员列了 2 人"),
        "{}",
        stderr(&o)
    );
    let file = write(
        t.dir.path(),
        "v.csv",
        "日期,人员\n2024-03-01,张桂芳\n".as_bytes(),
    );
    let o = run(db, &["visits", "import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("缺少必需的列：村屯"), "{}", stderr(&o));
    assert!(list_json(db, "trainings").is_empty());
    assert!(list_json(db, "visits").is_empty());
}

#[test]
fn check_reports_a_good_file_and_writes_nothing() {
    let t = work_db();
    let db = &t.path;
    let file = write(t.dir.path(), "a.csv", ACTIVITIES.as_bytes());
    let out = ok(
        db,
        &["activities", "import", "--check", file.to_str().unwrap()],
    );
    assert_eq!(out, "检查通过，未写入任何数据。可导入 3 次活动\n");
    assert!(list_json(db, "activities").is_empty());
    // The rows are good: the same file imports afterwards.
    ok(db, &["activities", "import", file.to_str().unwrap()]);
    assert_eq!(list_json(db, "activities").len(), 3);
}

/// Every list as JSON, without the ids a new database numbers afresh.
fn everything(db: &Path) -> Vec<Vec<Value>> {
    ["activities", "trainings", "visits", "studybase"]
        .iter()
        .map(|k| {
            list_json(db, k)
                .into_iter()
                .map(|mut v| {
                    v.as_object_mut().unwrap().remove("id");
                    v
                })
                .collect()
        })
        .collect()
}

#[test]
fn an_export_imports_into_a_fresh_database_unchanged() {
    let t = work_db();
    let db = &t.path;
    let file = write(t.dir.path(), "a.csv", ACTIVITIES.as_bytes());
    ok(db, &["activities", "import", file.to_str().unwrap()]);
    // A title Excel would take for a formula, and a comma in a place.
    ok(
        db,
        &[
            "activities",
            "add",
            "--unit",
            "小乌斯力村",
            "--date",
            "2024-07-01",
            "--title=-读书会-",
            "--place",
            "村部，二楼",
            "--notes",
            "第一行\n第二行",
        ],
    );
    for args in [
        &[
            "trainings",
            "add",
            "--unit",
            "爱辉区",
            "--date",
            "2024-04-01",
            "--mode",
            "分战线培训",
            "--topic",
            "政策学习",
            "--attendees",
            "张桂芳,李建国",
        ][..],
        &[
            "trainings",
            "add",
            "--unit",
            "四嘉子乡",
            "--date",
            "2024-04-02",
            "--mode",
            "以会代训",
            "--topic",
            "例会",
            "--count",
            "40",
        ],
        &[
            "visits",
            "add",
            "--person",
            "李建国",
            "--village",
            "小乌斯力村",
            "--date",
            "2024-05-01",
            "--purpose",
            "走访",
            "--result",
            "解决用水问题",
        ],
        &[
            "studybase",
            "add",
            "--base",
            "四嘉子乡",
            "--date",
            "2024-06-01",
            "--students",
            "45",
            "--from",
            "第一中学",
            "--theme",
            "红色教育",
        ],
    ] {
        ok(db, args);
    }
    let before = everything(db);
    assert_eq!(
        before.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![4, 2, 1, 1]
    );
    for ext in ["csv", "xlsx"] {
        let fresh = work_db();
        for kind in ["activities", "trainings", "visits", "studybase"] {
            let file = t.dir.path().join(format!("{kind}.{ext}"));
            let out = ok(db, &[kind, "export", "-o", file.to_str().unwrap()]);
            assert!(out.starts_with("已导出 "), "{out}");
            ok(&fresh.path, &[kind, "import", file.to_str().unwrap()]);
        }
        assert_eq!(everything(&fresh.path), before, "through {ext}");
    }
    // --unit and a period choose what is exported.
    let file = t.dir.path().join("part.csv");
    let out = ok(
        db,
        &[
            "activities",
            "export",
            "-o",
            file.to_str().unwrap(),
            "--unit",
            "四嘉子乡",
            "--from",
            "2024-03-01",
            "--to",
            "2024-06-30",
        ],
    );
    assert_eq!(out, format!("已导出 2 次活动 → {}\n", file.display()));
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        text,
        "\u{FEFF}日期,组织单位,名称,主题,类型,线上线下,地点,青少年人数,参与五老,备注\r\n\
         2024-03-01,爱辉区/四嘉子乡,法治讲座,法治进校园,法治宣传,线下,村部,35,张桂芳、李建国,第一场，效果好\r\n\
         2024-06-01,爱辉区/四嘉子乡,六一关爱,,关爱帮扶,线下,小学,60,李建国,\r\n"
    );
}

/// A year's register of 10,000 activities over a district's units: one
/// file, one commit.
#[test]
fn ten_thousand_activities_in_one_go() {
    let t = work_db();
    let db = &t.path;
    let units = ["爱辉区", "爱辉区/四嘉子乡", "爱辉区/四嘉子乡/小乌斯力村"];
    let kinds = [
        "教育",
        "法治宣传",
        "研学",
        "乡村振兴",
        "关爱帮扶",
        "文体",
        "其他",
    ];
    let mut csv = String::from(
        "\u{FEFF}日期,组织单位,名称,主题,类型,线上线下,地点,青少年人数,参与五老,备注\n",
    );
    let mut youths = 0u64;
    for i in 0..10_000u32 {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
            + chrono::Days::new(u64::from(i % 366));
        let n = i % 50;
        youths += u64::from(n);
        let elders = if i % 3 == 0 {
            "张桂芳、李建国"
        } else {
            ""
        };
        csv.push_str(&format!(
            "{day},{},第{i}次活动,,{},{},,{n},{elders},\n",
            units[i as usize % 3],
            kinds[i as usize % 7],
            if i % 4 == 0 { "线上" } else { "线下" }
        ));
    }
    let file = write(t.dir.path(), "year.csv", csv.as_bytes());
    let started = std::time::Instant::now();
    let out = ok(db, &["activities", "import", file.to_str().unwrap()]);
    let took = started.elapsed();
    assert!(out.starts_with("已导入 10000 次活动"), "{out}");
    let a = list_json(db, "activities");
    assert_eq!(a.len(), 10_000);
    assert_eq!(
        a.iter().map(|x| x["youths"].as_u64().unwrap()).sum::<u64>(),
        youths
    );
    assert_eq!(a.iter().filter(|x| x["online"] == true).count(), 2_500);
    assert_eq!(a[0]["date"], "2024-01-01");
    assert_eq!(a[9_999]["date"], "2024-12-31");
    eprintln!("10,000 activities imported in {took:?}");
}
