//! The 会议 tab on ratatui's test backend over the demo data: the month calendar with holidays
//! and make-up days, the meeting list beside it, a meeting's page, and the series form.

use crate::kit;
use ggw::api::meetings::{ListTasks, ResolveSeries, UpdateSeries};
use ggw::backend::BackendExt;

use chrono::NaiveDate;
use ggw::domain::meeting::Presence;
use ggw::domain::text::display_width;
use ggw::tui::app::App;
use ggw::tui::views::meetings::{Meetings, Pane};
use kit::{Shared, TempDir, demo_app};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn draw(app: &App) -> (Vec<String>, Buffer) {
    let d = kit::drawn(app);
    (d.rows, d.buffer)
}

fn at(screen: &[String], needle: &str) -> (usize, usize) {
    screen
        .iter()
        .enumerate()
        .find_map(|(y, line)| line.find(needle).map(|b| (y, display_width(&line[..b]))))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{}", screen.join("\n")))
}

fn meetings(app: &App) -> &Meetings {
    app.view().as_any().downcast_ref::<Meetings>().unwrap()
}

/// The demo, on the 会议 tab, at 5 February 2025 (the 主任办公会 moved there by 春节).
fn at_feb_2025(dir: &TempDir, size: (u16, u16)) -> App {
    let mut app = demo_app(dir.path(), size);
    app.feed("<tab><tab>g<c-u>2025-02-05<ret>").unwrap();
    assert_eq!(
        meetings(&app).cursor,
        NaiveDate::from_ymd_opt(2025, 2, 5).unwrap()
    );
    app
}

/// The cell of day `day` in the calendar grid whose header row is at `header_y`.
fn day_cell(screen: &[String], buf: &Buffer, header_y: usize, day: u32) -> ratatui::buffer::Cell {
    let label = format!("{day:>2}");
    for y in header_y + 1..header_y + 7 {
        let line = &screen[y];
        // The grid starts one column in; each day is a gutter and two digits.
        let grid: Vec<char> = line.chars().skip(1).take(21).collect();
        for (i, chunk) in grid.chunks(3).enumerate() {
            let s: String = chunk.iter().collect();
            if s.len() == 3 && s[1..] == label {
                let x = 1 + 3 * i as u16 + 2;
                return buf[(x, y as u16)].clone();
            }
        }
    }
    panic!("day {day} not in the grid:\n{}", screen.join("\n"));
}

#[test]
fn month_calendar_marks_meetings_holidays_and_make_up_days() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let dir = TempDir::new("mt-month");
        let app = at_feb_2025(&dir, (w, h));
        let (screen, buf) = draw(&app);
        assert!(screen[0].starts_with(" 组织  五老 [会议]"), "{}", screen[0]);
        let (ty, tx) = at(&screen, "2025年2月");
        assert_eq!((ty, tx), (1, 1));
        let (hy, _) = at(&screen, " 日 一 二 三 四 五 六");
        assert_eq!(hy, 2);
        // 1 February 2025 is a Saturday: last column of the first week.
        assert!(
            screen[3].starts_with("                     1 │"),
            "{}",
            screen[3]
        );
        // 春节 (28 Jan – 4 Feb) in the holiday style, Saturday 8 February (调休上班)
        // underlined, the meeting day 5 February bold and, as the cursor, reversed.
        let holiday = day_cell(&screen, &buf, hy, 3);
        assert_eq!(holiday.fg, Color::Red, "3 Feb is a holiday");
        let make_up = day_cell(&screen, &buf, hy, 8);
        assert!(make_up.modifier.contains(Modifier::UNDERLINED));
        let meeting = day_cell(&screen, &buf, hy, 5);
        assert!(
            meeting
                .modifier
                .contains(Modifier::BOLD | Modifier::REVERSED)
        );
        let plain = day_cell(&screen, &buf, hy, 12);
        assert_eq!(plain.fg, Color::Reset);
        // The legend and what the cursor's day is.
        at(&screen, "会议 放假 调休上班");
        at(&screen, "02-05 周三 工作日");
        // Beside the calendar, the month's meetings with where and why they moved.
        let (ly, lx) = at(
            &screen,
            ">02-05 周三 09:00  主任办公会  已召开  原定02-03 春节",
        );
        assert_eq!(ly, 2);
        assert!(lx > 23);
        at(&screen, "本月会议");
        assert!(screen.iter().all(|l| display_width(l) <= w as usize));
        assert!(screen[h as usize - 1].starts_with("[月历] Enter 打开会议"));
    }
}

#[test]
fn moving_by_day_week_and_month() {
    let dir = TempDir::new("mt-move");
    let mut app = at_feb_2025(&dir, (80, 24));
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    app.feed("l").unwrap();
    assert_eq!(meetings(&app).cursor, d(2025, 2, 6));
    app.feed("<up>").unwrap();
    assert_eq!(meetings(&app).cursor, d(2025, 1, 30));
    let (screen, _) = draw(&app);
    at(&screen, "2025年1月");
    at(&screen, "01-30 周四 春节放假");
    app.feed("]]").unwrap();
    assert_eq!(meetings(&app).cursor, d(2025, 3, 28));
    app.feed("h<pgup>").unwrap();
    assert_eq!(meetings(&app).cursor, d(2025, 2, 27));
    // 国庆节 2025 moves the October meeting to the 9th.
    app.feed("g<c-u>2025-10-09<ret>").unwrap();
    let (screen, _) = draw(&app);
    at(
        &screen,
        ">10-09 周四 09:00  主任办公会  已召开  原定10-06 国庆",
    );
}

#[test]
fn meeting_page_takes_attendance_one_key_each_and_turns_minutes_into_tasks() {
    let dir = TempDir::new("mt-page");
    let mut app = at_feb_2025(&dir, (80, 24));
    app.feed("<ret>").unwrap();
    let (screen, _) = draw(&app);
    at(
        &screen,
        "主任办公会 2025-02-05 周三 09:00 区关工委会议室 [已召开]",
    );
    at(&screen, "规则日期：2025-02-03");
    let (y, _) = at(&screen, "刘振华");
    assert!(screen[y].starts_with(">"), "{}", screen[y]);
    assert!(screen[h(&app) - 1].starts_with("[会议]"));
    // Two- and three-character names: the presences start in one column.
    let presence_at: Vec<usize> = screen[y..]
        .iter()
        .take_while(|l| !l.starts_with(" 议程") && !l.starts_with(" 纪要"))
        .filter_map(|l| {
            let b = ["已出席", "缺席", "代会", "未标记", "出席"]
                .iter()
                .filter_map(|w| l.find(w))
                .min()?;
            Some(display_width(&l[..b]))
        })
        .collect();
    assert!(presence_at.len() >= 3, "{}", screen.join("\n"));
    assert!(
        presence_at.iter().all(|x| *x == presence_at[0]),
        "{presence_at:?}\n{}",
        screen.join("\n")
    );

    // y, n, s: present, absent, substitute; each moves to the next person.
    app.feed("yN出差<ret>").unwrap();
    app.feed("s王建华<ret>").unwrap();
    let page = meetings(&app).page.as_ref().unwrap();
    let marks: Vec<&Presence> = page
        .data
        .meeting
        .attendance
        .iter()
        .map(|e| &e.presence)
        .collect();
    assert_eq!(marks[0], &Presence::Present);
    assert_eq!(
        marks[1],
        &Presence::Absent {
            reason: "出差".into()
        }
    );
    assert_eq!(
        marks[2],
        &Presence::Substitute {
            by: "王建华".into()
        }
    );
    assert_eq!(page.row, 3);
    let (screen, _) = draw(&app);
    at(&screen, "代会：王建华");

    // A line of minutes, then a task from it, owner taken from the speaker.
    app.feed("w孔玉梅：金兰社区家长学校方案月底前报送<ret>")
        .unwrap();
    app.feed("t").unwrap();
    let form = app.form().unwrap();
    assert_eq!(form.value("name"), "金兰社区家长学校方案月底前报送");
    assert_eq!(form.value("owner"), "孔玉梅");
    assert_eq!(form.value("date"), "2025-03-07");
    app.feed("<ret>").unwrap();
    assert!(app.form().is_none());
    let status = app.status.as_ref().unwrap();
    assert!(status.text.contains("已添加任务"), "{}", status.text);
    let page = meetings(&app).page.as_ref().unwrap();
    assert!(
        page.data
            .meeting
            .minutes
            .ends_with("孔玉梅：金兰社区家长学校方案月底前报送")
    );
    let task = page
        .data
        .open_tasks
        .iter()
        .find(|t| t.title == "金兰社区家长学校方案月底前报送")
        .expect("the new task among the attendees' open tasks");
    assert_eq!(task.meeting, Some(page.data.meeting.id));
    // The owner is the attendee of that name, person and unit included.
    let attendee = page
        .data
        .meeting
        .attendance
        .iter()
        .find(|e| e.attendee.name == "孔玉梅")
        .unwrap();
    assert_eq!(task.owner, attendee.attendee);
    assert!(task.owner.person.is_some());
    // On a taller terminal the open tasks fit below the minutes, the new one flagged overdue.
    app.update(ggw::tui::action::Action::Resize(120, 40));
    let (screen, _) = draw(&app);
    at(&screen, "孔玉梅 【逾期】金兰社区家长学校方案月底前报送");
    // The series' standing agenda, one report per deputy.
    at(&screen, "1. 传达上级会议精神");
    at(&screen, "2. 白军汇报分管“三创”任务进展");
    // Back to the calendar.
    app.feed("<esc>").unwrap();
    assert!(meetings(&app).page.is_none());
}

fn h(app: &App) -> usize {
    app.size.1 as usize
}

#[test]
fn agenda_and_tasks_lists() {
    let dir = TempDir::new("mt-lists");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("<tab><tab>v").unwrap();
    assert_eq!(meetings(&app).pane, Pane::Agenda);
    let (screen, _) = draw(&app);
    at(&screen, "未来 90 天议程");
    app.feed("v").unwrap();
    let (screen, _) = draw(&app);
    at(&screen, "任务（按负责人，逾期在前）");
    // The demo has overdue tasks: the first owner listed has one, flagged, first.
    assert!(screen[3].contains("【逾期】"), "{}", screen.join("\n"));
    assert!(screen[h(&app) - 1].starts_with("[任务]"));
    app.feed("v").unwrap();
    assert_eq!(meetings(&app).pane, Pane::Month);
}

#[test]
fn series_form_previews_the_next_six_dates_before_saving() {
    let dir = TempDir::new("mt-form");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed(
        "<tab><tab>a<tab>季度推进会<tab><tab><tab><tab><tab><c-u>FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1<tab><c-u>2025-01-01",
    )
    .unwrap();
    let form = app.form().unwrap();
    // A rule no choice makes leaves the choices on 自定义.
    assert_eq!(form.value("repeat"), "custom");
    assert_eq!(
        form.note[..2],
        [
            "预览：2025-01-02* 2025-04-01 2025-07-01".to_string(),
            "      2025-10-09* 2026-01-04* 2026-04-01".to_string(),
        ]
    );
    assert_eq!(form.note[2], "*2025-01-01 元旦放假，顺延至下一个工作日");
    let (screen, _) = draw(&app);
    at(&screen, "预览：2025-01-02* 2025-04-01 2025-07-01");
    // A broken rule says what is wrong in the preview, before saving.
    app.feed("<s-tab><end>X").unwrap();
    assert!(
        app.form().unwrap().note[0].contains("重复规则有误"),
        "{:?}",
        app.form().unwrap().note
    );
    app.feed("<bs><ret>").unwrap();
    assert!(app.form().is_none(), "saved");
    let (screen, _) = draw(&app);
    at(&screen, "已新建会议系列 季度推进会");
}

#[test]
fn series_rule_chosen_as_a_clerk_says_it_and_saved() {
    let dir = TempDir::new("mt-rule-choice");
    let mut app = demo_app(dir.path(), (80, 24));
    // Title; 频率 one to the right is 每季度, 第几个 第二个, 星期几 二; then the start date.
    app.feed("<tab><tab>a<tab>季度例会<tab><right><tab><right><tab><right>")
        .unwrap();
    let form = app.form().unwrap();
    assert_eq!(form.value("rule"), "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU");
    app.feed("<tab><tab><tab><c-u>2025-01-01").unwrap();
    let form = app.form().unwrap();
    assert_eq!(
        form.note[..2],
        [
            "预览：2025-01-14 2025-04-08 2025-07-08".to_string(),
            "      2025-10-14 2026-01-13 2026-04-14".to_string(),
        ]
    );
    // The 24-line screen shows every field with the rule and the preview.
    let (screen, _) = draw(&app);
    at(&screen, "每季度");
    at(&screen, "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU");
    at(&screen, "预览：2025-01-14");
    at(&screen, "地点");

    // 每年 takes the chosen month; 最后一个 is -1.
    app.feed("<s-tab><s-tab><s-tab><s-tab><s-tab><right><tab><end><tab><tab><home>")
        .unwrap();
    assert_eq!(
        app.form().unwrap().value("rule"),
        "FREQ=YEARLY;BYMONTH=1;BYDAY=-1TU"
    );
    // A rule typed that the choices make selects them; one they do not make selects 自定义.
    app.feed("<tab><c-u>FREQ=MONTHLY;BYDAY=3FR").unwrap();
    let form = app.form().unwrap();
    assert_eq!(
        ["repeat", "which", "weekday"].map(|k| form.value(k)),
        ["monthly", "3", "5"]
    );
    app.feed("<c-u>FREQ=MONTHLY;BYMONTHDAY=15").unwrap();
    assert_eq!(app.form().unwrap().value("repeat"), "custom");
    // Back to 每季度 第二个 星期二, and saved.
    app.feed("<s-tab><s-tab><s-tab><s-tab><home><right><tab><home><right><tab><home><right><ret>")
        .unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    let backend = reopen_backend(&dir, app);
    let saved = backend
        .run(ResolveSeries {
            given: "季度例会".into(),
        })
        .unwrap();
    assert_eq!(saved.rule.to_string(), "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU");
    assert_eq!(saved.start, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
}

#[test]
fn editing_a_meetings_details_postpones_it() {
    let dir = TempDir::new("mt-edit");
    let mut app = at_feb_2025(&dir, (80, 24));
    app.feed("<ret>e").unwrap();
    assert_eq!(app.form().unwrap().value("status"), "held");
    // New date, new place, back to planned: a postponement.
    app.feed("<c-u>2025-02-07<tab><tab><c-u>第二会议室<tab><home><ret>")
        .unwrap();
    assert!(app.form().is_none(), "{:?}", app.form().map(|f| &f.fields));
    let m = &meetings(&app).page.as_ref().unwrap().data.meeting;
    assert_eq!(m.date, NaiveDate::from_ymd_opt(2025, 2, 7).unwrap());
    assert_eq!(m.place, "第二会议室");
    assert_eq!(
        m.status,
        ggw::domain::meeting::MeetingStatus::Postponed {
            from: NaiveDate::from_ymd_opt(2025, 2, 5).unwrap()
        }
    );
    app.feed("<esc>").unwrap();
    let (screen, _) = draw(&app);
    at(
        &screen,
        "02-07 周五 09:00  主任办公会  已改期  原定02-03 由202",
    );
    // A date that is not a date is refused next to its field, nothing saved.
    app.feed("ll<ret>e<c-u>2025-02-30<ret>").unwrap();
    let form = app.form().unwrap();
    assert!(
        form.fields[0]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("2月只有 28 天"),
        "{:?}",
        form.fields[0].error
    );
}

#[test]
fn in_english_the_tab_and_its_keys_speak_english() {
    let dir = TempDir::new("mt-en");
    let mut app = kit::app_in(
        dir.path(),
        (80, 24),
        ggw::lang::Lang::En,
        ggw::tui::theme::Theme::color(),
    );
    app.feed("<tab><tab>g<c-u>2025-02-05<ret>").unwrap();
    let (screen, _) = draw(&app);
    at(&screen, "February 2025");
    at(&screen, " Su Mo Tu We Th Fr Sa");
    at(&screen, "This month");
    at(&screen, ">02-05 Wed 09:00");
    assert!(
        screen[23].starts_with("[Month] Enter open meeting v month/agenda/tasks"),
        "{}",
        screen[23]
    );
    app.feed("<ret>").unwrap();
    let (screen, _) = draw(&app);
    at(&screen, "Attendance");
    assert!(screen[23].contains("y present"), "{}", screen[23]);
}

#[test]
fn tasks_are_closed_and_followed_up_from_the_list() {
    let dir = TempDir::new("mt-tasks");
    let mut app = demo_app(dir.path(), (120, 40));
    app.feed("<tab><tab>vv").unwrap();
    let (screen, _) = draw(&app);
    // The cursor starts on the first overdue task.
    let first = screen[3].clone();
    assert!(
        first.starts_with("> ") && first.contains("【逾期】"),
        "{first}"
    );
    let id: String = first
        .split('#')
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    app.feed("w已约谈负责同志，月底前完成<ret>").unwrap();
    assert!(app.status.as_ref().unwrap().text.contains("已记进展"));
    app.feed("x").unwrap();
    let status = &app.status.as_ref().unwrap().text;
    assert!(status.contains(&format!("任务已完成 #{id}")), "{status}");
    let (screen, _) = draw(&app);
    let line = screen
        .iter()
        .find(|l| l.contains(&format!("#{id} ")))
        .unwrap();
    assert!(
        line.contains("[已完成]") && !line.contains("【逾期】"),
        "{line}"
    );
}

#[test]
fn the_task_list_keeps_closed_tasks_apart_shows_notes_reopens_and_opens_the_meeting() {
    let dir = TempDir::new("mt-task-list");
    let mut app = demo_app(dir.path(), (120, 40));
    app.feed("<tab><tab>vv").unwrap();
    let closed = |l: &String| l.contains("[已完成]") || l.contains("[已撤销]");
    let (screen, _) = draw(&app);
    let (heading, _) = at(&screen, "已办结");
    assert!(
        !screen[2..heading].iter().any(closed),
        "{}",
        screen.join("\n")
    );
    let below: Vec<&String> = screen[heading + 1..38]
        .iter()
        .filter(|l| l.contains('#'))
        .collect();
    assert!(
        !below.is_empty() && below.iter().all(|l| closed(l)),
        "{below:?}"
    );

    // A note shows under the selected task, after any it had.
    app.feed("w已联系各乡镇，下周汇总<ret>").unwrap();
    let (screen, _) = draw(&app);
    let (note, _) = at(&screen, "已联系各乡镇，下周汇总");
    let (task, _) = at(&screen, "> ");
    assert!(task < note, "{}", screen.join("\n"));
    assert!(
        screen[task + 1..=note]
            .iter()
            .all(|l| l.starts_with("        20")),
        "{}",
        screen.join("\n")
    );
    let id: String = screen[task]
        .split('#')
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();

    // Done: it moves under the closed heading, its owner named; the same key takes it back.
    app.feed("x").unwrap();
    let (screen, _) = draw(&app);
    let (y, _) = at(&screen, &format!("#{id} "));
    assert!(
        y > at(&screen, "已办结").0 && closed(&screen[y]),
        "{}",
        screen[y]
    );
    app.feed("x").unwrap();
    let status = &app.status.as_ref().unwrap().text;
    assert!(
        status.contains(&format!("任务已重新打开 #{id}")),
        "{status}"
    );
    let (screen, _) = draw(&app);
    let (y, _) = at(&screen, &format!("#{id} "));
    assert!(
        y < at(&screen, "已办结").0 && screen[y].contains("[进行中]"),
        "{}",
        screen[y]
    );
    assert!(
        screen[y].starts_with("> "),
        "the cursor stays with the task: {}",
        screen[y]
    );

    // Enter opens the meeting the task was given at.
    app.feed("<ret>").unwrap();
    let page = meetings(&app)
        .page
        .as_ref()
        .expect("the task's meeting page");
    let backend = app.backend();
    let task = backend
        .run(ListTasks {
            owner: None,
            overdue_only: false,
            today: chrono::Local::now().date_naive(),
        })
        .unwrap()
        .into_iter()
        .find(|t| t.id.0.to_string() == id)
        .unwrap();
    assert_eq!(Some(page.data.meeting.id), task.meeting);
}

#[test]
fn a_year_without_holiday_data_says_so_beside_the_calendar() {
    let dir = TempDir::new("mt-uncovered");
    let mut app = at_feb_2025(&dir, (80, 24));
    let (screen, _) = draw(&app);
    assert!(!screen.join("").contains("未收录"), "{}", screen.join("\n"));
    // 2030 is in no holiday file: the pane under the calendar says so and how to add it.
    app.feed("g2030-02-04<ret>").unwrap();
    let (screen, _) = draw(&app);
    let pane: String = screen[2..22]
        .iter()
        .map(|l| l.split('│').next().unwrap_or_default().trim())
        .collect();
    assert!(
        pane.contains(
            "2030年的法定节假日安排未收录，会议只避开周末。国务院办公厅公布2030年节假日安排的通知后"
        ),
        "{}",
        screen.join("\n")
    );
    assert!(pane.contains("holidays.toml"), "{pane}");
}

#[test]
fn the_demo_always_has_meetings_to_come() {
    let dir = TempDir::new("mt-demo-future");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("<tab><tab>v").unwrap();
    let (screen, _) = draw(&app);
    at(&screen, "未来 90 天议程");
    // The monthly 主任办公会 alone gives two or more meetings in any 90 days.
    let listed = screen.iter().filter(|l| l.contains("主任办公会")).count();
    assert!(listed >= 2, "{}", screen.join("\n"));
}

fn app_over(backend: Box<dyn ggw::backend::Backend>, draft: Option<std::path::PathBuf>) -> App {
    kit::app_boxed(backend)
        .theme(ggw::tui::theme::Theme::color())
        .drafts(draft)
        .build()
}

#[test]
fn editing_a_series_from_the_month_and_a_stale_edit_refused() {
    use ggw::tui::popups::form::FormPurpose;
    use ggw::tui::views::meetings::MeetingsForm;
    let dir = TempDir::new("mt-edit-series");
    let shared = std::rc::Rc::new(kit::demo_backend(dir.path()));
    let mut app = app_over(Box::new(Shared(shared.clone())), None);
    app.feed("<tab><tab>g<c-u>2025-02-05<ret>e").unwrap();
    let office = shared
        .run(ResolveSeries {
            given: "主任办公会".into(),
        })
        .unwrap();
    let form = app.form().unwrap();
    assert_eq!(
        form.purpose,
        FormPurpose::from(MeetingsForm::EditSeries {
            id: office.id,
            rev: office.rev
        })
    );
    assert_eq!(form.title, "修改会议系列：主任办公会");
    assert_eq!(form.value("rule"), office.rule.to_string());
    // FREQ=MONTHLY;BYDAY=1MO opens on the choices that write it: 每月, 第一个, 星期一.
    assert_eq!(
        ["repeat", "which", "weekday"].map(|k| form.value(k)),
        ["monthly", "1", "1"]
    );
    assert_eq!(form.value("time"), "09:00");
    assert_eq!(form.value("place"), "区关工委会议室");
    // The preview shows meetings still to come, not those of the series' first year.
    let today = chrono::Local::now().date_naive();
    let shown: Vec<NaiveDate> = form.note[..2]
        .join(" ")
        .split([' ', '*'])
        .filter_map(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok())
        .collect();
    assert!(shown.iter().all(|d| *d >= today), "{:?}", form.note);

    // Kind, title, the four choices of the rule, the rule, start, then the time.
    app.feed("<tab><tab><tab><tab><tab><tab><tab><tab><c-u>08:30<ret>")
        .unwrap();
    assert!(app.form().is_none());
    let status = app.status.as_ref().unwrap();
    assert!(
        status.text.starts_with("已修改会议系列 主任办公会"),
        "{}",
        status.text
    );
    let after = shared
        .run(ResolveSeries {
            given: "主任办公会".into(),
        })
        .unwrap();
    assert_eq!(after.rev, office.rev + 1);
    assert_eq!(after.time.format("%H:%M").to_string(), "08:30");
    // What the form does not show stays: the rule inviting the district team by role.
    assert_eq!(after.attendee_rules, office.attendee_rules);

    // Someone else saves the series while this form is open: ours is refused, theirs stays.
    app.feed("e<tab><c-u>我的标题").unwrap();
    let theirs = shared
        .run(UpdateSeries {
            id: after.id,
            rev: after.rev,
            draft: ggw::api::meetings::SeriesDraft {
                place: "二楼会议室".into(),
                ..ggw::api::meetings::SeriesDraft::of(&after)
            },
        })
        .unwrap();
    app.feed("<ret>").unwrap();
    let form = app.form().expect("the form stays open");
    assert!(
        form.error.as_deref().unwrap_or_default().contains("已被"),
        "{:?}",
        form.error
    );
    let now = shared
        .run(ResolveSeries {
            given: "主任办公会".into(),
        })
        .unwrap();
    assert_eq!(now, theirs);

    // Told of their change, the form offers to load it; the reloaded form saves.
    app.update(ggw::tui::action::Action::Notice(
        ggw::backend::ChangeNotice {
            kind: ggw::domain::audit::RecordKind::MeetingSeries,
            record: theirs.id.0,
            unit: Some(theirs.host),
            by: "王老师".into(),
        },
    ));
    assert!(matches!(
        app.popups.last(),
        Some(ggw::tui::popups::Popup::Choice(_))
    ));
    app.feed("<ret>").unwrap();
    let form = app.form().unwrap();
    assert_eq!(
        form.purpose,
        FormPurpose::from(MeetingsForm::EditSeries {
            id: theirs.id,
            rev: theirs.rev
        })
    );
    assert_eq!(form.value("place"), "二楼会议室");
    app.feed("<tab><c-u>主任办公会议<ret>").unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    let last = shared
        .run(ResolveSeries {
            given: "主任办公会议".into(),
        })
        .unwrap();
    assert_eq!(
        (last.rev, last.place.as_str()),
        (theirs.rev + 1, "二楼会议室")
    );
}

#[test]
fn selecting_no_meeting_says_what_to_select_before_editing_a_series() {
    let dir = TempDir::new("mt-edit-none");
    let mut app = demo_app(dir.path(), (80, 24));
    // 6 February 2025 has no meeting.
    app.feed("<tab><tab>g<c-u>2025-02-06<ret>e").unwrap();
    assert!(app.form().is_none());
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("请先选中一次会议")
    );
}

#[test]
fn minutes_and_details_typed_on_a_meeting_page_survive_a_dropped_connection() {
    let dir = TempDir::new("mt-draft");
    let draft = dir.path().join("draft.json");
    let reopen = |dir: &TempDir| {
        let b = ggw::backend::LocalBackend::open(
            &dir.path().join("demo.db"),
            &Default::default(),
            ggw::service::Actor::new("tester"),
        )
        .unwrap();
        app_over(Box::new(b), Some(draft.clone()))
    };
    {
        let mut app = at_feb_2025(&dir, (80, 24));
        app.feed("<ret>w孔玉梅：研学基地暑期接待方案").unwrap();
        app.update(ggw::tui::action::Action::Hangup);
        assert!(app.quit);
    }
    let kept = ggw::tui::draft::load(&draft).expect("a draft was kept");
    assert_eq!(
        kept.values,
        [(
            "text".to_string(),
            "孔玉梅：研学基地暑期接待方案".to_string()
        )]
    );

    // The next start offers it; taking it brings the form back with the typed line, and
    // saving it writes it to that meeting even though its page was not open.
    let mut app = reopen(&dir);
    app.feed("<ret>").unwrap();
    assert_eq!(
        app.form().unwrap().value("text"),
        "孔玉梅：研学基地暑期接待方案"
    );
    app.feed("<ret>").unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    let saved = reopen_backend(&dir, app)
        .run(ggw::api::meetings::GetMeetingPage {
            series: ggw::domain::meeting::SeriesId(2),
            date: NaiveDate::from_ymd_opt(2025, 2, 3).unwrap(),
        })
        .unwrap();
    assert!(
        saved
            .meeting
            .minutes
            .ends_with("\n孔玉梅：研学基地暑期接待方案")
    );
    assert!(
        ggw::tui::draft::load(&draft).is_none(),
        "the draft is gone once saved"
    );

    // The details form too: a new place, kept and restored.
    let mut app = reopen(&dir);
    app.feed("<tab><tab>g<c-u>2025-02-05<ret><ret>e<tab><tab><c-u>二楼小会议室")
        .unwrap();
    app.update(ggw::tui::action::Action::Hangup);
    drop(app);
    let mut app = reopen(&dir);
    app.feed("<ret>").unwrap();
    assert_eq!(app.form().unwrap().value("place"), "二楼小会议室");
    assert_eq!(app.form().unwrap().value("time"), "09:00");
    app.feed("<ret>").unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    let saved = reopen_backend(&dir, app)
        .run(ggw::api::meetings::GetMeetingPage {
            series: ggw::domain::meeting::SeriesId(2),
            date: NaiveDate::from_ymd_opt(2025, 2, 3).unwrap(),
        })
        .unwrap();
    assert_eq!(saved.meeting.place, "二楼小会议室");
    assert_eq!(
        saved.meeting.date,
        NaiveDate::from_ymd_opt(2025, 2, 5).unwrap()
    );
}

/// The database again, once the program that had it open is gone.
fn reopen_backend(dir: &TempDir, app: App) -> ggw::backend::LocalBackend {
    drop(app);
    ggw::backend::LocalBackend::open(
        &dir.path().join("demo.db"),
        &Default::default(),
        ggw::service::Actor::new("tester"),
    )
    .unwrap()
}
