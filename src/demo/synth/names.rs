//! Chinese place and body names from seeded syllable lists: plausible enough
//! that widths, sorting and pinyin search behave as with real data.

use super::rng::Rng;

/// First syllables of place names, as they occur in 黑龙江 and elsewhere.
const FIRST: &[&str] = &[
    "东", "西", "南", "北", "新", "兴", "红", "光", "明", "安", "平", "和", "富", "丰", "长", "永",
    "太", "宝", "金", "银", "青", "白", "黑", "黄", "双", "三", "五", "八", "四", "二", "大", "小",
    "上", "下", "前", "后", "卡", "乌", "嘉", "胜", "利", "建", "团", "育", "文", "德", "仁", "义",
    "福", "寿", "康", "宁", "瑞", "祥", "鸿", "海", "兰", "松", "柳", "桦", "杨", "榆",
];

const SECOND: &[&str] = &[
    "山", "河", "江", "沟", "岗", "屯", "林", "泉", "湖", "岭", "阳", "华", "兴", "丰", "安", "发",
    "胜", "利", "盛", "源", "峰", "家", "营", "站", "堡", "甸", "台", "庄", "园", "田", "桥", "洲",
    "星", "光", "明", "平", "新", "和", "旺", "隆", "达", "春", "秋", "水", "石", "木", "树", "花",
];

/// Bodies that hang under a school, village or community: level-4 `Other`.
pub const GROUPS: &[&str] = &[
    "五老宣讲团",
    "关工小组",
    "家长学校",
    "校外辅导站",
    "五老志愿服务队",
    "青少年活动室",
    "法治宣讲队",
    "红色故事会",
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程", "曹", "袁",
    "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶",
    "阎", "潘", "杜", "戴", "夏", "钟", "田", "任", "姜", "范", "方", "石", "姚", "谭", "邹", "金",
];

/// Given-name syllables of the generation born 1940–1965.
const MALE_GIVEN: &[&str] = &[
    "建", "国", "华", "庆", "志", "强", "德", "明", "文", "斌", "振", "立", "新", "卫", "东", "军",
    "永", "福", "长", "海", "宝", "山", "树", "林", "占", "江", "玉", "成", "祥", "广", "田", "春",
];

const FEMALE_GIVEN: &[&str] = &[
    "秀", "英", "桂", "玉", "兰", "淑", "珍", "凤", "芝", "芳", "丽", "华", "春", "梅", "亚", "琴",
    "红", "素", "芬", "翠", "金", "云", "雅", "慧", "静", "敏", "霞", "燕", "萍", "娟", "荣", "香",
];

const ORDINALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Two syllables, e.g. 东岗, 乌兰.
pub fn place(rng: &mut Rng) -> String {
    let first = rng.pick(FIRST);
    let second = rng.pick(SECOND);
    format!("{first}{second}")
}

/// A person's name: a surname and one or two given syllables, e.g. 王建华.
pub fn person(rng: &mut Rng, female: bool) -> String {
    let given = if female { FEMALE_GIVEN } else { MALE_GIVEN };
    let surname = rng.pick(SURNAMES);
    let first = rng.pick(given);
    if rng.chance(20) {
        format!("{surname}{first}")
    } else {
        format!("{surname}{first}{}", rng.pick(given))
    }
}

/// 一 … 十, then Arabic figures: 第三小学, 第12小学.
pub fn ordinal(n: usize) -> String {
    match ORDINALS.get(n.wrapping_sub(1)) {
        Some(s) => (*s).to_string(),
        None => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::check_name;

    #[test]
    fn names_are_valid_and_varied() {
        let mut r = Rng::new(1);
        let names: std::collections::HashSet<String> = (0..200).map(|_| place(&mut r)).collect();
        assert!(names.len() > 150);
        for n in &names {
            assert_eq!(check_name(n).as_ref(), Ok(n));
        }
        for _ in 0..200 {
            let female = r.chance(50);
            let n = person(&mut r, female);
            assert_eq!(check_name(&n).as_ref(), Ok(&n));
            assert!((2..=3).contains(&n.chars().count()), "{n}");
        }
        assert_eq!(ordinal(3), "三");
        assert_eq!(ordinal(12), "12");
        assert_eq!(ordinal(0), "0");
    }
}
