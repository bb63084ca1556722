//! The 工作 tab in a real pseudo-terminal, typed as an operator types a
//! paper register: an activity, a training with three named attendees and a
//! village visit; then `ggw report --format json` counts exactly them.

use std::time::{Duration, Instant};

use crate::kit;

use ggw::domain::UnitKind;

const DOWN: &str = "\x1b[B";
const RIGHT: &str = "\x1b[C";
const CLEAR: &str = "\x15";
const ESC: &str = "\x1b";

/// Sends `keys` and lets the program draw what they do.
fn type_keys(s: &mut kit::term::Session, keys: &str) {
    s.send(keys.as_bytes());
    s.read_burst(Duration::from_millis(250), Duration::from_secs(5));
}

#[test]
fn an_activity_a_training_and_a_visit_typed_in_a_terminal_are_in_the_report() {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "小乌斯力村")
        .person(|w| kit::elder("王建华", w.unit("四嘉子乡")))
        .person(|w| kit::elder("李红", w.unit("小乌斯力村")))
        .person(|w| kit::elder("刘振华", w.unit("小乌斯力村")))
        .build();
    let db = w.dir.path.clone();
    drop(w.b);
    let home = w.dir.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut s = kit::spawn_in_pty(&kit::pty_ggw(&home, &db), &home)
        .unwrap_or_else(|e| panic!("start ggw in a pty: {e}"));
    let started = Instant::now();
    while !s.transcript.windows(8).any(|x| x == b"\x1b[?2026l") {
        assert!(
            started.elapsed() < Duration::from_secs(30) && !s.has_exited(),
            "no first frame"
        );
        s.read_burst(Duration::from_millis(100), Duration::from_secs(1));
    }
    // To the 工作 tab, its 活动 list, once it is there: keys typed while it
    // loads would be kept and answered in order, but no more than 64.
    type_keys(&mut s, "\t\t\t");
    let started = Instant::now();
    loop {
        let rows = kit::vt_rows(&kit::vt_parse(&s.transcript, 24, 80));
        if rows[0].contains("[工作]") && !rows.iter().any(|r| r.contains("正在读取")) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30) && !s.has_exited(),
            "工作 never loaded:\n{}",
            rows.join("\n")
        );
        s.read_burst(Duration::from_millis(100), Duration::from_secs(1));
    }
    // An activity: organiser, date, title, then down past theme, new theme,
    // kind, online/offline and place to the young people, then two elders.
    type_keys(
        &mut s,
        &format!(
            "a爱辉区/四嘉子乡{DOWN}{CLEAR}2026-05-04{DOWN}法治进校园{}120{DOWN}王建华、刘振华\r",
            DOWN.repeat(6)
        ),
    );
    // The form opens again for the next record; leave it, go to 培训.
    type_keys(&mut s, ESC);
    type_keys(&mut s, RIGHT);
    // A training: organiser, date, the first mode, topic, three attendees.
    type_keys(
        &mut s,
        &format!(
            "a爱辉区/四嘉子乡{DOWN}{CLEAR}2026-05-10{DOWN}{DOWN}五老工作方法{DOWN}王建华、李红、刘振华\r"
        ),
    );
    type_keys(&mut s, ESC);
    type_keys(&mut s, RIGHT);
    // A visit: the person, the village, the date, the purpose.
    type_keys(
        &mut s,
        &format!(
            "a李红{DOWN}爱辉区/四嘉子乡/小乌斯力村{DOWN}{CLEAR}2026-06-01{DOWN}走访留守儿童\r"
        ),
    );
    type_keys(&mut s, ESC);
    type_keys(&mut s, "q");
    let status = s.wait(Duration::from_secs(5));
    if status.is_none() {
        s.terminate();
    }
    let screen = String::from_utf8_lossy(&s.transcript).into_owned();
    assert!(
        status.is_some_and(|st| st.success()),
        "ggw did not quit cleanly: {}",
        &screen[screen.len().saturating_sub(3000)..]
    );

    let o = kit::run(
        &db,
        &[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", kit::stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let work = &json["work"];
    // By hand: one activity, offline, of the first kind (教育), 120 young
    // people; one training of three named people; one visit by one person
    // to one village.
    assert_eq!(work["activities"]["total"], 1, "{work}");
    assert_eq!(work["activities"]["offline"], 1, "{work}");
    assert_eq!(work["activities"]["youths"], 120, "{work}");
    assert_eq!(work["activities"]["by_kind"]["education"], 1, "{work}");
    assert_eq!(work["trainings"]["sessions"], 1, "{work}");
    assert_eq!(work["trainings"]["person_times"], 3, "{work}");
    assert_eq!(work["visits"]["count"], 1, "{work}");
    assert_eq!(work["visits"]["people"], 1, "{work}");
    assert_eq!(work["visits"]["villages"], 1, "{work}");
}
