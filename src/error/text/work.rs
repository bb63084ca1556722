//! Work records: activities, trainings, village visits, study-base sessions.

use super::{Msg, both};
use crate::error::Error;

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::DuplicateActivity { id, title, date } => both(
            format!(
                "没有保存：本单位 {date} 的“{title}”已经登记过（活动编号 {id}）。如确是另一场活动，请在名称中加以区分。"
            ),
            format!(
                "Not saved: this unit's \"{title}\" on {date} is on record already (activity {id}). If it is another event, make the title tell them apart."
            ),
        ),
        Error::NotAVillage { name } => both(
            format!("“{name}”不是村屯或社区：下村工作要记在所去的村屯（或社区）名下。"),
            format!(
                "\"{name}\" is not a village or community: a village visit is recorded under the village (or community) visited."
            ),
        ),
        Error::PersonVoided { id, name } => both(
            format!("{name}（编号 {id}）的登记已作废，不能记在工作记录上。"),
            format!(
                "{name} (#{id}) was voided from the roster and cannot be named on a work record."
            ),
        ),
        _ => unreachable!("{e:?} has its text in another area"),
    }
}
