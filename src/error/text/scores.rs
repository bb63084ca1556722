//! Scoring: rulebooks, periods, settlement.

use super::{Msg, both};
use crate::error::Error;
use crate::lang::Lang;

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::BadRules { errors } => {
            let list = |lang: Lang| {
                errors
                    .iter()
                    .map(|e| e.message(lang))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            both(
                format!(
                    "考核细则有 {} 处错误，没有保存：\n{}",
                    errors.len(),
                    list(Lang::Zh)
                ),
                format!(
                    "The rulebook has {} mistake(s) and was not stored:\n{}",
                    errors.len(),
                    list(Lang::En)
                ),
            )
        }
        Error::NoSuchPeriod { given, known } => {
            let (zh, en) = if known.is_empty() {
                (
                    "还没有任何考核期：先用 ggw scores rules set FILE 存入考核细则。".to_string(),
                    "There is no evaluation period yet: store a rulebook with ggw scores rules set FILE."
                        .to_string(),
                )
            } else {
                (
                    format!("现有考核期：{}", known.join("、")),
                    format!("known periods: {}", known.join(", ")),
                )
            };
            // Asked for no period by name (the current one), the answer is
            // only what there is.
            if given.is_empty() {
                return both(zh, en);
            }
            both(
                format!("没有“{given}”这个考核期。{zh}"),
                format!("No evaluation period \"{given}\". {en}"),
            )
        }
        Error::PeriodSettled { name } => both(
            format!("“{name}”已兑现奖惩，考核细则和排名已冻结，不能再修改。"),
            format!(
                "\"{name}\" is settled: its rulebook and standings are frozen and cannot change."
            ),
        ),
        Error::PeriodExists { name } => both(
            format!("这个考核期已有细则“{name}”：要修改请用 ggw scores rules set。"),
            format!(
                "That period already has the rulebook \"{name}\": change it with ggw scores rules set."
            ),
        ),
        _ => unreachable!("{e:?} has its text in another area"),
    }
}

#[cfg(test)]
mod tests {
    use crate::error::Error;
    use crate::lang::Lang;

    #[test]
    fn no_period_yet_is_said_without_an_empty_name() {
        let none = Error::NoSuchPeriod {
            given: String::new(),
            known: vec![],
        };
        assert_eq!(
            none.message(Lang::En),
            "There is no evaluation period yet: store a rulebook with ggw scores rules set FILE."
        );
        assert_eq!(
            none.message(Lang::Zh),
            "还没有任何考核期：先用 ggw scores rules set FILE 存入考核细则。"
        );
        let named = Error::NoSuchPeriod {
            given: "2030".into(),
            known: vec!["2025年度".into()],
        };
        assert_eq!(
            named.message(Lang::Zh),
            "没有“2030”这个考核期。现有考核期：2025年度"
        );
    }
}
