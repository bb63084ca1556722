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

const ORDINALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Two syllables, e.g. 东岗, 乌兰.
pub fn place(rng: &mut Rng) -> String {
    let first = rng.pick(FIRST);
    let second = rng.pick(SECOND);
    format!("{first}{second}")
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
        assert_eq!(ordinal(3), "三");
        assert_eq!(ordinal(12), "12");
        assert_eq!(ordinal(0), "0");
    }
}
