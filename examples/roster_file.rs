//! Writes a roster CSV of N invented elders (default 10,000) spread over the
//! demo units, for measuring `ggw people import` and the roster tab:
//!
//!     cargo run --release --example roster_file -- 10000 /tmp/roster.csv
//!     ggw --db /tmp/big.db init --demo
//!     /usr/bin/time -v ggw --db /tmp/big.db people import /tmp/roster.csv
//!
//! Names are numbered so every row is distinct; ID numbers use the
//! never-issued region 990102 (the demo itself uses 990101).

use std::io::Write;

const UNITS: &[&str] = &[
    "爱辉区/四嘉子乡/小乌斯力村",
    "爱辉区/四嘉子乡/大乌斯力村",
    "爱辉区/新生乡/新生村",
    "爱辉区/西岗子镇/东升村",
    "爱辉区/花园街道/金兰社区",
    "爱辉区/花园街道/人保财险社区",
    "爱辉区/兴安街道/武庙屯社区",
    "爱辉区/教体局/爱辉区第一小学",
    "爱辉区/教体局/爱辉区第五小学",
    "爱辉区/教体局/新生乡学校",
];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "桂芳", "德明", "玉兰", "振华", "淑珍",
];
const CATEGORIES: &[&str] = &["老干部", "老战士", "老专家", "老教师", "老模范"];
const SOURCES: &[&str] = &["组织部", "人社局", "退役军人事务局", "教育系统", "其他"];

/// The 17th digit is odd for men, even for women, as the import checks.
fn id_number(birth: &str, serial: usize, male: bool) -> String {
    let body = format!("990102{birth}{:03}", (serial % 500) * 2 + usize::from(male));
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let path = args.next().unwrap_or_else(|| "roster.csv".into());
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    out.write_all("\u{FEFF}姓名,性别,出生日期,身份证号,联系电话,类别,所属单位,来源,入列日期,状态,除名日期,除名原因,备注\r\n".as_bytes())?;
    for i in 0..n {
        let name = format!(
            "{}{}{}",
            SURNAMES[i % SURNAMES.len()],
            GIVEN[(i / SURNAMES.len()) % GIVEN.len()],
            i
        );
        let birth = format!("19{:02}{:02}{:02}", 40 + i % 25, 1 + i % 12, 1 + i % 28);
        let male = i % 2 == 0;
        let id = if i % 3 == 0 {
            id_number(&birth, i / 3, male)
        } else {
            String::new()
        };
        let struck = i % 17 == 0;
        writeln!(
            out,
            "{name},{},{birth},{id},100{:08},{},{},{},20{:02}-{:02}-01,{},{},{},\r",
            if male { "男" } else { "女" },
            i,
            CATEGORIES[i % CATEGORIES.len()],
            UNITS[i % UNITS.len()],
            SOURCES[i % SOURCES.len()],
            10 + i % 13,
            1 + i % 12,
            if struck { "除名" } else { "在册" },
            if struck { "2023-06-01" } else { "" },
            if struck { "只挂名无作为" } else { "" },
        )?;
    }
    out.flush()
}
