//! The demo database: the Aihui district (爱辉区) of the 2024 No. 4 newsletter,
//! with plausible units around the ones it names. Marked as demo data in the
//! database's metadata and on screen. Beside it, `synth`: the generator of
//! synthetic districts, cities and provinces for benchmarks and torture tests.

pub mod meetings;
pub mod people;
pub mod reserve;
pub mod sanchuang;
pub mod scores;
pub mod synth;
pub mod work;

use crate::api::Request;
use crate::api::units::{CreateUnit, ResolveUnit};
use crate::backend::{Backend, BackendExt, LocalBackend};
use crate::domain::{OrgUnit, UnitKind};
use crate::error::Result;

pub const DISTRICT: &str = "爱辉区";

/// Townships with their villages; the newsletter names 四嘉子乡, 新生乡 and
/// 小乌斯力村, the rest are plausible.
const TOWNSHIPS: &[(&str, &[&str])] = &[
    (
        "四嘉子乡",
        &[
            "小乌斯力村",
            "大乌斯力村",
            "四嘉子村",
            "卡伦山村",
            "大桦树林子村",
        ],
    ),
    ("新生乡", &["新生村", "红星村", "宏伟村", "北山村"]),
    (
        "西岗子镇",
        &["西岗子村", "石发村", "东升村", "二站村", "新兴村"],
    ),
    (
        "爱辉镇",
        &["爱辉村", "外三道沟村", "大五家子村", "坤站村", "北三家子村"],
    ),
    ("罕达汽镇", &["罕达汽村", "东胜村", "前进村", "团结村"]),
    ("幸福乡", &["幸福村", "曙光村", "长发村", "胜利村"]),
    ("坤河乡", &["坤河村", "富拉尔基村", "中兴村", "卡伦村"]),
    ("上马厂乡", &["上马厂村", "下马厂村", "南岗村", "东安村"]),
    ("张地营子乡", &["张地营子村", "黄旗营子村", "西沟村"]),
    ("西峰山乡", &["西峰山村", "松树沟村", "向阳村"]),
];

const SUBDISTRICTS: &[(&str, &[&str])] = &[
    (
        "花园街道",
        &[
            "人保财险社区",
            "金兰社区",
            "花园社区",
            "兴华社区",
            "东兴社区",
        ],
    ),
    (
        "兴安街道",
        &[
            "武庙屯社区",
            "兴安社区",
            "大岗子社区",
            "新兴社区",
            "育才社区",
        ],
    ),
    (
        "海兰街道",
        &["海兰社区", "文化社区", "工农社区", "通江社区", "王肃社区"],
    ),
    (
        "西兴街道",
        &["西兴社区", "幸福社区", "胜利社区", "建设社区", "民主社区"],
    ),
];

/// The education bureau's 19 schools: (name, short name).
const SCHOOLS: &[(&str, &str)] = &[
    ("爱辉区第一小学", "一小"),
    ("爱辉区第二小学", "二小"),
    ("爱辉区第三小学", "三小"),
    ("爱辉区第四小学", "四小"),
    ("爱辉区第五小学", "五小"),
    ("爱辉区第六小学", "六小"),
    ("爱辉区第七小学", "七小"),
    ("新生乡学校", "新生学校"),
    ("四嘉子乡学校", "四嘉子学校"),
    ("西岗子镇学校", "西岗子学校"),
    ("爱辉镇学校", "爱辉学校"),
    ("罕达汽镇学校", "罕达汽学校"),
    ("幸福乡学校", "幸福学校"),
    ("坤河乡学校", "坤河学校"),
    ("上马厂乡学校", "上马厂学校"),
    ("爱辉区第一中学", "一中"),
    ("爱辉区第二中学", "二中"),
    ("爱辉区第三中学", "三中"),
    ("爱辉区实验学校", "实验学校"),
];

const STUDY_BASES: &[&str] = &["瑷珲小将军研学基地", "爱辉区中俄青少年活动交流中心"];

/// Fills a database that holds only its district unit: the units, then the roster and teams,
/// then the work records of last year and this, then the 三创 plans, visits,
/// info items and bulletins, then the meetings, whose attendees are read from
/// those teams.
pub fn populate(backend: &LocalBackend) -> Result<()> {
    populate_units(backend)?;
    crate::demo::people::populate_people(backend.service(), backend.actor())?;
    crate::demo::work::populate(backend)?;
    crate::demo::sanchuang::populate(backend)?;
    crate::demo::meetings::populate(backend)?;
    crate::demo::scores::populate(backend)
}

fn populate_units(backend: &dyn Backend) -> Result<()> {
    let root = backend.run(ResolveUnit {
        given: DISTRICT.to_string(),
    })?;
    for (township, villages) in TOWNSHIPS {
        let t = backend.run(CreateUnit {
            parent: root.id,
            kind: UnitKind::Township,
            name: township.to_string(),
            short_name: None,
        })?;
        add_all(backend, &t, UnitKind::Village, villages)?;
    }
    for (street, communities) in SUBDISTRICTS {
        let s = backend.run(CreateUnit {
            parent: root.id,
            kind: UnitKind::Subdistrict,
            name: street.to_string(),
            short_name: None,
        })?;
        add_all(backend, &s, UnitKind::Community, communities)?;
    }
    let bureau = backend.run(CreateUnit {
        parent: root.id,
        kind: UnitKind::EducationBureau,
        name: "教体局".into(),
        short_name: None,
    })?;
    for (name, short) in SCHOOLS {
        backend.call(Request::from(CreateUnit {
            parent: bureau.id,
            kind: UnitKind::School,
            name: (*name).to_string(),
            short_name: Some((*short).to_string()),
        }))?;
    }
    add_all(backend, &root, UnitKind::Other, STUDY_BASES)
}

fn add_all(backend: &dyn Backend, parent: &OrgUnit, kind: UnitKind, names: &[&str]) -> Result<()> {
    for name in names {
        backend.run(CreateUnit {
            parent: parent.id,
            kind,
            name: name.to_string(),
            short_name: None,
        })?;
    }
    Ok(())
}
