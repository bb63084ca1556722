//! `ggw plans|groups|guidance|info|bulletin`: the 三创 records through the
//! real binary.

use crate::kit;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kit::{Ggw, TempDb, ok, run, stderr, stdout};
use serde_json::Value;

/// A district with a township and its village, a school under the
/// education bureau, and two elders of the township.
fn sanchuang_db() -> TempDb {
    let t = kit::cli_db(&[
        ("爱辉区", "乡镇", "四嘉子乡"),
        ("爱辉区/四嘉子乡", "村屯", "小乌斯力村"),
        ("爱辉区", "教体局", "教体局"),
        ("爱辉区/教体局", "学校", "第一中学"),
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

fn json(db: &Path, args: &[&str]) -> Value {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Fails with exit code 1 and a message naming `zh`; the same in English
/// names `en_text`.
fn refused(db: &Path, args: &[&str], zh: &str, en_text: &str) {
    let o = run(db, args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
    assert!(stderr(&o).contains(zh), "{args:?}: {}", stderr(&o));
    let o = en(db, args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
    assert!(stderr(&o).contains(en_text), "{args:?}: {}", stderr(&o));
}

#[test]
fn a_plan_goes_stage_by_stage_and_a_failed_inspection_sends_it_back() {
    let t = sanchuang_db();
    let db = &t.path;
    let out = ok(
        db,
        &[
            "plans",
            "add",
            "--unit",
            "四嘉子乡",
            "--creation",
            "创典型",
            "--goals",
            "建成民族特色示范点",
            "--strengths",
            "民族特色",
            "--owner",
            "张桂芳",
            "--on",
            "2024-01-10",
        ],
    );
    assert_eq!(
        out.trim(),
        "已添加培育规划 #1 四嘉子乡 创典型，处于“规划”阶段"
    );
    // A second live plan of the same creation for the unit is refused;
    // another creation is not.
    refused(
        db,
        &[
            "plans",
            "add",
            "--unit",
            "四嘉子乡",
            "--creation",
            "model",
            "--on",
            "2024-02-01",
        ],
        "已有一项“创典型”规划",
        "model",
    );
    ok(
        db,
        &[
            "plans",
            "add",
            "--unit",
            "第一中学",
            "--creation",
            "brand",
            "--on",
            "2024-02-01",
        ],
    );
    // Only a plan at 检查验收 can fail.
    refused(
        db,
        &["plans", "fail", "1", "--on", "2024-02-01", "--reason", "x"],
        "只有处于“检查验收”的规划才能记录验收未通过（现为“规划”）",
        "only a plan at inspection can fail it (this one is at planning)",
    );
    // Each advance moves exactly one stage on: none is skipped.
    let out = ok(
        db,
        &[
            "plans",
            "advance",
            "1",
            "--on",
            "2024-03-01",
            "--note",
            "启动",
        ],
    );
    assert_eq!(out.trim(), "规划 #1：规划 → 培育（2024-03-01）");
    let out = ok(db, &["plans", "advance", "#1", "--on", "2024-09-01"]);
    assert_eq!(out.trim(), "规划 #1：培育 → 检查验收（2024-09-01）");
    refused(
        db,
        &["plans", "fail", "1", "--on", "2024-09-20", "--reason", " "],
        "请写明验收未通过的原因",
        "say why the inspection failed",
    );
    let out = ok(
        db,
        &[
            "plans",
            "fail",
            "1",
            "--on",
            "2024-09-20",
            "--reason",
            "台账不全",
        ],
    );
    assert_eq!(
        out.trim(),
        "规划 #1：验收未通过，检查验收 → 培育（2024-09-20）"
    );
    refused(
        db,
        &["plans", "advance", "1", "--on", "2024-09-01"],
        "日期不能早于上一次阶段变动（2024-09-20）",
        "the date cannot be before the last stage change (2024-09-20)",
    );
    for on in ["2024-10-08", "2024-12-01"] {
        ok(db, &["plans", "advance", "1", "--on", on]);
    }
    refused(
        db,
        &["plans", "advance", "1", "--on", "2025-01-01"],
        "已到“总结推广”，是最后一个阶段",
        "the plan is at its last stage, promotion",
    );
    refused(
        db,
        &["plans", "advance", "1x", "--on", "2025-01-01"],
        "规划编号“1x”不是编号",
        "plan id \"1x\" is not an id",
    );

    // 2024-12-01 to 2024-12-31 is 30 days at 总结推广; the school's plan
    // has been at 规划 since 2024-02-01, 334 days.
    let text = ok(db, &["plans", "list", "--today", "2024-12-31"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "共 2 项培育规划");
    assert!(lines[1].starts_with("#2     规划     334 天"), "{text}");
    assert!(lines[1].contains("创品牌"), "{text}");
    assert!(lines[1].contains("爱辉区/教体局/第一中学"), "{text}");
    assert!(lines[2].starts_with("#1     总结推广 30 天"), "{text}");
    // For scripts: what every record has first.
    let raw = ok(
        db,
        &["plans", "list", "--format", "json", "--today", "2024-12-31"],
    );
    assert!(
        raw.starts_with("[\n  {\n    \"id\": 2,\n    \"unit\": 5,\n    \"unit_path\": \"爱辉区/教体局/第一中学\""),
        "{raw}"
    );
    let out = en(
        db,
        &[
            "plans",
            "add",
            "--unit",
            "小乌斯力村",
            "--creation",
            "经验",
            "--on",
            "2024-02-01",
        ],
    );
    assert_eq!(
        stdout(&out).trim(),
        "Plan added: #3 小乌斯力村 experience, at planning"
    );
    let only = ok(
        db,
        &["plans", "list", "--stage", "推广", "--today", "2024-12-31"],
    );
    assert_eq!(only.lines().count(), 2, "{only}");
    let v = json(
        db,
        &[
            "plans",
            "list",
            "--unit",
            "四嘉子乡",
            "--stage",
            "promotion",
            "--format",
            "json",
            "--today",
            "2024-12-31",
        ],
    );
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    let p = &v[0];
    assert_eq!(p["stage"], "promotion");
    assert_eq!(p["creation"], "model");
    assert_eq!(p["since"], "2024-12-01");
    assert_eq!(p["days_in_stage"], 30);
    assert_eq!(p["goals"], "建成民族特色示范点");
    assert_eq!(p["owner"]["name"], "张桂芳");
    let changes = p["changes"].as_array().unwrap();
    let path: Vec<(&str, bool)> = changes
        .iter()
        .map(|c| (c["to"].as_str().unwrap(), c["failed"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        path,
        [
            ("cultivating", false),
            ("inspection", false),
            ("cultivating", true),
            ("inspection", false),
            ("promotion", false),
        ]
    );
    assert_eq!(changes[2]["note"], "台账不全");
}

#[test]
fn a_working_group_visits_a_unit_and_its_follow_up_becomes_a_task() {
    let t = sanchuang_db();
    let db = &t.path;
    let out = ok(
        db,
        &[
            "groups",
            "add",
            "--name",
            "乡镇村屯工作组",
            "--line",
            "乡镇村屯",
            "--members",
            "张桂芳,李建国",
        ],
    );
    assert_eq!(out.trim(), "已添加工作组 #1 乡镇村屯工作组（乡镇村屯）");
    refused(
        db,
        &[
            "groups",
            "add",
            "--name",
            "x",
            "--line",
            "工厂",
            "--members",
            "张桂芳",
        ],
        "战线“工厂”无法识别",
        "line \"工厂\" not recognised",
    );
    let text = ok(db, &["groups", "list"]);
    assert!(text.contains("乡镇村屯工作组"), "{text}");
    assert!(text.contains("张桂芳、李建国"), "{text}");

    let out = ok(
        db,
        &[
            "guidance",
            "add",
            "--group",
            "乡镇村屯工作组",
            "--unit",
            "小乌斯力村",
            "--date",
            "2024-05-06",
            "--methods",
            "看材料,听汇报",
            "--feature",
            "民族特色",
            "--problem",
            "台账不全",
            "--follow-up",
            "补齐活动台账",
            "--owner",
            "李建国",
            "--due",
            "2024-06-01",
        ],
    );
    assert_eq!(
        out.trim(),
        "已登记督促指导 #1 2024-05-06 小乌斯力村，已生成 1 项任务"
    );
    refused(
        db,
        &[
            "guidance",
            "add",
            "--group",
            "教育工作组",
            "--unit",
            "小乌斯力村",
            "--date",
            "2024-05-06",
        ],
        "没有名为或编号为“教育工作组”的工作组",
        "no working group is named or numbered \"教育工作组\"",
    );
    refused(
        db,
        &[
            "guidance",
            "add",
            "--group",
            "1",
            "--unit",
            "小乌斯力村",
            "--date",
            "2024-05-06",
            "--methods",
            "走访",
        ],
        "指导方式“走访”无法识别",
        "method \"走访\" not recognised",
    );
    let text = ok(db, &["guidance", "list", "--unit", "四嘉子乡"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "共 1 次督促指导");
    assert!(lines[1].contains("爱辉区/四嘉子乡/小乌斯力村"), "{text}");
    // The methods in their own order, whatever order they were typed in.
    assert!(lines[1].ends_with("听汇报、看材料"), "{text}");
    assert_eq!(lines[2].trim(), "特色是什么：民族特色");
    assert_eq!(lines[3].trim(), "问题有哪些：台账不全");
    assert_eq!(lines.len(), 4, "{text}");
    let v = json(db, &["guidance", "list", "--format", "json"]);
    assert_eq!(v[0]["methods"], serde_json::json!(["report", "documents"]));
    assert_eq!(v[0]["group_name"], "乡镇村屯工作组");
    assert_eq!(v[0]["tasks"].as_array().unwrap().len(), 1);
    let tasks = json(
        db,
        &["tasks", "list", "--owner", "李建国", "--format", "json"],
    );
    let task = tasks.as_array().unwrap();
    assert_eq!(task.len(), 1, "{tasks}");
    assert!(task[0].to_string().contains("补齐活动台账"), "{tasks}");
    assert!(task[0].to_string().contains("2024-06-01"), "{tasks}");
}

#[test]
fn an_info_item_is_adopted_at_several_levels() {
    let t = sanchuang_db();
    let db = &t.path;
    let body = write(
        t.dir.path(),
        "body.txt",
        "第一段。\n\n第二段。\n".as_bytes(),
    );
    let out = ok(
        db,
        &[
            "info",
            "add",
            "--unit",
            "四嘉子乡",
            "--title",
            "四嘉子乡关爱留守儿童",
            "--authors",
            "张桂芳、李建国",
            "--submitted",
            "2024-03-02",
            "--body-file",
            body.to_str().unwrap(),
        ],
    );
    assert_eq!(out.trim(), "已登记信息 #1 2024-03-02 四嘉子乡关爱留守儿童");
    let out = ok(
        db,
        &[
            "info",
            "adopt",
            "1",
            "--level",
            "市",
            "--outlet",
            "黑河日报",
            "--on",
            "2024-03-10",
            "--ref",
            "第12期",
        ],
    );
    assert!(out.contains("（共被采用 1 次）"), "{out}");
    let out = ok(
        db,
        &[
            "info",
            "adopt",
            "1",
            "--level",
            "province",
            "--outlet",
            "黑龙江关工委网站",
            "--on",
            "2024-04-01",
        ],
    );
    assert!(out.contains("（共被采用 2 次）"), "{out}");
    refused(
        db,
        &[
            "info",
            "adopt",
            "1",
            "--level",
            "县",
            "--outlet",
            "x",
            "--on",
            "2024-04-01",
        ],
        "采用级别“县”无法识别，可用：区、市、省、国家",
        "level \"县\" not recognised",
    );
    ok(
        db,
        &[
            "info",
            "add",
            "--unit",
            "第一中学",
            "--title",
            "法治讲座进校园",
            "--written",
            "2024-05-01",
        ],
    );
    let text = ok(db, &["info", "list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "共 2 条信息");
    assert!(lines[1].ends_with("张桂芳、李建国"), "{text}");
    assert!(
        lines[2].trim().starts_with("采用：市") && lines[2].ends_with("黑河日报 第12期"),
        "{text}"
    );
    assert!(lines[3].trim().starts_with("采用：省"), "{text}");
    assert!(lines[4].contains("法治讲座进校园"), "{text}");
    let v = json(
        db,
        &["info", "list", "--from", "2024-04-01", "--format", "json"],
    );
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["title"], "法治讲座进校园");
    assert_eq!(v[0]["unit_path"], "爱辉区/教体局/第一中学");
    let v = json(
        db,
        &["info", "list", "--unit", "四嘉子乡", "--format", "json"],
    );
    // Kept as written, its trailing line break trimmed.
    assert_eq!(v[0]["body"], "第一段。\n\n第二段。");
    assert_eq!(v[0]["written"], "2024-03-02");
    let levels: Vec<&str> = v[0]["adoptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["city", "province"]);
}

const INFO_FILE: &str = "\u{feff}标题,单位,作者,报送日期,采用级别,采用单位或媒体,期号或链接,采用日期\r\n\
四嘉子乡关爱留守儿童,爱辉区/四嘉子乡,张桂芳、李建国,2024-03-02,区,爱辉区关工委简报,第4期,2024-03-05\r\n\
四嘉子乡关爱留守儿童,爱辉区/四嘉子乡,张桂芳、李建国,2024-03-02,市,黑河日报,第12期,2024-03-10\r\n\
四嘉子乡关爱留守儿童,爱辉区/四嘉子乡,张桂芳、李建国,2024-03-02,省,黑龙江关工委网站,https://example.org/a,2024-04-01\r\n\
法治讲座进校园,爱辉区/教体局/第一中学,,2024-05-01,,,,\r\n";

#[test]
fn an_info_file_with_several_adoptions_per_item_imports_and_exports_back() {
    let t = sanchuang_db();
    let db = &t.path;
    let file = write(t.dir.path(), "信息.csv", INFO_FILE.as_bytes());
    let out = ok(db, &["info", "import", file.to_str().unwrap(), "--check"]);
    assert!(out.contains("可导入 2 条信息"), "{out}");
    assert_eq!(
        json(db, &["info", "list", "--format", "json"]),
        Value::Array(vec![])
    );
    let out = ok(db, &["info", "import", file.to_str().unwrap()]);
    assert!(out.contains("已导入 2 条信息"), "{out}");
    let v = json(db, &["info", "list", "--format", "json"]);
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["title"], "四嘉子乡关爱留守儿童");
    assert_eq!(items[0]["adoptions"].as_array().unwrap().len(), 3);
    assert_eq!(
        items[0]["adoptions"][2]["reference"],
        "https://example.org/a"
    );
    assert_eq!(items[0]["authors"][1]["name"], "李建国");
    assert_eq!(items[1]["adoptions"].as_array().unwrap().len(), 0);

    // The export is the file imported: a row per adoption, the item
    // repeated, the item never adopted with its last four cells empty.
    let csv = t.dir.path().join("out.csv");
    let out = ok(db, &["info", "export", "-o", csv.to_str().unwrap()]);
    assert!(out.contains("已导出 2 条信息（4 行）"), "{out}");
    let exported = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(exported, INFO_FILE);

    // …and it imports into another database, as does the workbook.
    let xlsx = t.dir.path().join("out.xlsx");
    ok(db, &["info", "export", "-o", xlsx.to_str().unwrap()]);
    for f in [&csv, &xlsx] {
        let other = sanchuang_db();
        ok(&other.path, &["info", "import", f.to_str().unwrap()]);
        let again = other.dir.path().join("again.csv");
        ok(
            &other.path,
            &["info", "export", "-o", again.to_str().unwrap()],
        );
        assert_eq!(std::fs::read_to_string(&again).unwrap(), INFO_FILE, "{f:?}");
    }

    // English headers are read too.
    let english = "title,unit,authors,submitted,level,outlet,reference,adopted\n\
                   第三条,第一中学,,,national,人民网,,2024-06-01\n";
    let f = write(t.dir.path(), "en.csv", english.as_bytes());
    ok(db, &["info", "import", f.to_str().unwrap()]);
    let v = json(db, &["info", "list", "--format", "json"]);
    assert_eq!(v[2]["adoptions"][0]["level"], "national");
}

#[test]
fn a_bad_info_file_is_refused_whole_with_every_bad_line() {
    let t = sanchuang_db();
    let db = &t.path;
    let bad = "标题,单位,作者,报送日期,采用级别,采用单位或媒体,期号或链接,采用日期\n\
               好的一条,四嘉子乡,,2024-03-02,,,,\n\
               ,四嘉子乡,,2024-03-02,,,,\n\
               无此单位,向阳乡,,2024-03-02,,,,\n\
               级别不对,四嘉子乡,,2024-03-02,县,某报,,2024-03-05\n\
               没有媒体,四嘉子乡,,2024-03-02,市,,,2024-03-05\n\
               日期不对,四嘉子乡,,2024-02-30,,,,\n\
               作者不在名册,四嘉子乡,王五,2024-03-02,,,,\n";
    let f = write(t.dir.path(), "bad.csv", bad.as_bytes());
    let o = run(db, &["info", "import", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for line in 3..=8 {
        assert!(err.contains(&format!("第 {line} 行")), "line {line}: {err}");
    }
    assert!(!err.contains("第 2 行"), "{err}");
    assert!(err.contains("标题为空"), "{err}");
    assert!(err.contains("采用级别“县”无法识别"), "{err}");
    assert!(err.contains("有采用级别却没有采用单位或媒体"), "{err}");
    assert!(err.contains("王五"), "{err}");
    // Nothing was saved, not even the good row.
    assert_eq!(
        json(db, &["info", "list", "--format", "json"]),
        Value::Array(vec![])
    );
    let o = en(db, &["info", "import", f.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains("the title is empty"), "{err}");
    assert!(err.contains("level \"县\" not recognised"), "{err}");
}

/// Three items of three units, each with its body, as ids 1, 2, 3.
fn three_items(t: &TempDb) {
    let items = [
        (
            "四嘉子乡",
            "四嘉子乡关工委开展关爱留守儿童活动",
            "四嘉子乡关工委组织五老走访全乡留守儿童。\n五老与孩子们结成帮扶对子，定期谈心。\n",
        ),
        (
            "第一中学",
            "第一中学举办法治讲座",
            "第一中学邀请老干部为全校学生讲授法治课。\n",
        ),
        (
            "小乌斯力村",
            "小乌斯力村五老义务辅导作业",
            "村里的老教师每周末为孩子们辅导作业。\n\n暑假里还开办了读书班。\n",
        ),
    ];
    for (i, (unit, title, body)) in items.iter().enumerate() {
        let f = write(t.dir.path(), &format!("body{i}.txt"), body.as_bytes());
        ok(
            &t.path,
            &[
                "info",
                "add",
                "--unit",
                unit,
                "--title",
                title,
                "--written",
                "2024-05-20",
                "--body-file",
                f.to_str().unwrap(),
            ],
        );
    }
}

#[test]
fn bulletin_numbers_follow_on_and_a_repeat_or_a_gap_is_refused() {
    let t = sanchuang_db();
    let db = &t.path;
    three_items(&t);
    // The first issue kept here continues the paper series: a gap from
    // nothing, so it must be asked for.
    refused(
        db,
        &[
            "bulletin",
            "new",
            "--date",
            "2024-06-03",
            "--items",
            "1,2,3",
            "--number",
            "4",
            "--running",
            "37",
        ],
        "期号不连续：下一期应是 2024年第1期·总第1期",
        "the numbers leave a gap: the next issue is 2024 no. 1 (no. 1 overall)",
    );
    let out = ok(
        db,
        &[
            "bulletin",
            "new",
            "--date",
            "2024-06-03",
            "--items",
            "1,2,3",
            "--number",
            "4",
            "--running",
            "37",
            "--allow-gap",
            "--editor",
            "张桂芳",
        ],
    );
    assert_eq!(out.trim(), "已保存简报 2024年第4期·总第37期");
    let out = ok(
        db,
        &["bulletin", "new", "--date", "2024-07-01", "--items", "2"],
    );
    assert_eq!(out.trim(), "已保存简报 2024年第5期·总第38期");
    refused(
        db,
        &[
            "bulletin",
            "new",
            "--date",
            "2024-07-09",
            "--items",
            "3",
            "--number",
            "5",
            "--running",
            "39",
        ],
        "期号重复：2024年第5期·总第38期 已经出过",
        "the numbers repeat 2024 no. 5 (no. 38 overall), already published",
    );
    // A new year starts again at 第1期; 总第 runs on.
    let out = en(
        db,
        &["bulletin", "new", "--date", "2025-01-06", "--items", "3"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "Bulletin saved: 2025 no. 1 (no. 39 overall)"
    );
    refused(
        db,
        &["bulletin", "new", "--date", "2025-02-01", "--items", ",,"],
        "--items 没有列出任何信息",
        "--items names no item",
    );

    let text = ok(db, &["bulletin", "list", "--year", "2024"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "共 2 期简报");
    assert!(lines[1].starts_with("2024年第4期·总第37期"), "{text}");
    assert!(lines[1].contains("2024-06-03 3 条信息"), "{text}");
    assert!(lines[1].ends_with("张桂芳"), "{text}");
    let v = json(db, &["bulletin", "list", "--format", "json"]);
    let numbers: Vec<(i64, i64, i64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["year"].as_i64().unwrap(),
                b["number"].as_i64().unwrap(),
                b["running"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(numbers, [(2024, 4, 37), (2024, 5, 38), (2025, 1, 39)]);
    assert_eq!(v[0]["items"], serde_json::json!([1, 2, 3]));
}

fn three_item_issue() -> TempDb {
    let t = sanchuang_db();
    three_items(&t);
    ok(
        &t.path,
        &[
            "bulletin",
            "new",
            "--date",
            "2024-06-03",
            "--items",
            "1,2,3",
            "--number",
            "4",
            "--running",
            "37",
            "--allow-gap",
        ],
    );
    t
}

const EXPECTED_TEXT: &str = include_str!("../fixtures/bulletin_three_items.txt");

#[test]
fn a_three_item_issue_renders_as_the_newsletter_in_text_and_markdown() {
    let t = three_item_issue();
    let db = &t.path;
    let text = ok(
        db,
        &[
            "bulletin", "render", "4", "--year", "2024", "--format", "text",
        ],
    );
    assert_eq!(text, EXPECTED_TEXT);
    let file = t.dir.path().join("issue.txt");
    let out = ok(
        db,
        &[
            "bulletin",
            "render",
            "4",
            "--year",
            "2024",
            "--format",
            "text",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.contains("已生成简报 2024年第4期·总第37期"), "{out}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), EXPECTED_TEXT);

    let md = ok(
        db,
        &[
            "bulletin", "render", "4", "--year", "2024", "--format", "md", "-o", "-",
        ],
    );
    assert!(
        md.starts_with(
            "# 关心下一代工作\n\n**2024年第4期·总第37期**\n\n爱辉区关工委　2024年6月3日\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("\n## 第一中学举办法治讲座\n\n第一中学邀请老干部为全校学生讲授法治课。\n\n（供稿：第一中学关工委）\n"),
        "{md}"
    );
    refused(
        db,
        &[
            "bulletin", "render", "9", "--year", "2024", "--format", "md",
        ],
        "找不到编号为 9 的记录",
        "No record with id 9",
    );
    refused(
        db,
        &[
            "bulletin", "render", "4", "--year", "2024", "--format", "docx",
        ],
        "DOCX 需要写入文件",
        "DOCX needs a file",
    );
}

/// A Python with Debian's python3-docx, if one is installed.
fn python_docx() -> Option<&'static str> {
    ["/usr/bin/python3", "python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import docx"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn the_docx_issue_reads_back_in_python_docx() {
    let Some(python) = python_docx() else {
        eprintln!("skipped: python3-docx is not installed (apt-get install python3-docx)");
        return;
    };
    let t = three_item_issue();
    let file = t.dir.path().join("简报.docx");
    ok(
        &t.path,
        &[
            "bulletin",
            "render",
            "4",
            "--year",
            "2024",
            "--format",
            "docx",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    let o = Command::new(python)
        .args([
            "-c",
            "import docx,sys; d=docx.Document(sys.argv[1]); print('\\n'.join(p.text for p in d.paragraphs))",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let read = stdout(&o);
    // The text rendering without its blank lines, the two-character
    // indent being the paragraphs' format rather than spaces.
    let expected: Vec<&str> = EXPECTED_TEXT
        .lines()
        .map(|l| l.trim_start_matches('　'))
        .filter(|l| !l.is_empty())
        .collect();
    let got: Vec<&str> = read.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(got, expected, "{read}");

    // The layout: a bold red masthead, a red rule under the office and
    // date, bold headings, bodies indented.
    let o = Command::new(python)
        .args([
            "-c",
            "import docx,sys
d=docx.Document(sys.argv[1]); p=d.paragraphs
m=p[0].runs[0]
print(m.bold, m.font.color.rgb, p[0].alignment)
rule=p[2]._p.pPr.find(docx.oxml.ns.qn('w:pBdr')).find(docx.oxml.ns.qn('w:bottom'))
print(rule.get(docx.oxml.ns.qn('w:color')))
h=[x for x in p if x.text=='第一中学举办法治讲座'][0]
print(h.runs[0].bold)
b=[x for x in p if x.text.startswith('第一中学邀请')][0]
print(b.paragraph_format.first_line_indent.pt)",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "True C00000 CENTER (1)\nC00000\nTrue\n28.0\n");
}

#[test]
fn the_commands_work_through_the_server_as_alone() {
    let t = three_item_issue();
    let server = kit::Server::start(&t.path, &t.dir.path().join("s.sock"));
    let client = |args: &[&str]| {
        let o = server.client(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let out = client(&[
        "plans",
        "add",
        "--unit",
        "小乌斯力村",
        "--creation",
        "创经验",
        "--on",
        "2024-02-01",
    ]);
    assert!(out.contains("#1 小乌斯力村 创经验"), "{out}");
    let out = client(&["plans", "advance", "1", "--on", "2024-03-01"]);
    assert_eq!(out.trim(), "规划 #1：规划 → 培育（2024-03-01）");
    let out = client(&["bulletin", "new", "--date", "2024-07-01", "--items", "3,1"]);
    assert_eq!(out.trim(), "已保存简报 2024年第5期·总第38期");
    let text = client(&[
        "bulletin", "render", "4", "--year", "2024", "--format", "text",
    ]);
    assert_eq!(text, EXPECTED_TEXT);
    let list = client(&["info", "list"]);
    assert!(list.starts_with("共 3 条信息\n"), "{list}");
}
