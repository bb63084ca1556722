//! The unit tree: where a unit may sit, finding one, archiving one.

use super::{Msg, both};
use crate::domain::UnitKind;
use crate::error::Error;
use crate::lang::Lang;

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::NameTaken { name, parent } => both(
            format!("“{parent}”下已有名为“{name}”的单位，请换一个名称。"),
            format!(
                "\"{parent}\" already has a unit named \"{name}\": please choose another name."
            ),
        ),
        Error::KindNotAllowed { kind, parent } => both(
            format!(
                "“{}”不能设在{}之下。这里可以添加：{}。",
                kind.label_zh(),
                kind_label(*parent, Lang::Zh),
                kinds_allowed(*parent, Lang::Zh)
            ),
            format!(
                "A {} cannot sit under {}. Allowed here: {}.",
                kind.label_en(),
                kind_label(*parent, Lang::En),
                kinds_allowed(*parent, Lang::En)
            ),
        ),
        Error::UnknownKind { given } => both(
            format!(
                "不认识的单位类型“{given}”。可用：区、乡镇、街道、教体局、村屯、社区、学校、其他（或 district、township、subdistrict、education-bureau、village、community、school、other）。"
            ),
            format!(
                "Unknown unit kind \"{given}\". Use one of: district, township, subdistrict, education-bureau, village, community, school, other (or the Chinese names)."
            ),
        ),
        Error::MoveIntoOwnSubtree => both(
            "不能把单位移到它自己或它的下级单位之下，请选择别的上级。",
            "A unit cannot move under itself or one of its own sub-units: choose another parent.",
        ),
        Error::RootFixed => both(
            "区级单位是顶层，不能移动或撤销。",
            "The district is the top level: it cannot be moved or archived.",
        ),
        Error::HasLiveChildren { count } => both(
            format!("该单位下还有 {count} 个未撤销的下级单位，请先移走或撤销它们。"),
            format!("This unit still has {count} live sub-units: move or archive them first."),
        ),
        Error::UnitArchived { name } => both(
            format!("单位“{name}”已撤销，不能再修改或在其下添加。"),
            format!("Unit \"{name}\" is archived: it cannot be changed or receive new units."),
        ),
        Error::UnitNotFound { given } => both(
            format!(
                "找不到单位“{given}”。请用编号、完整路径（如 爱辉区/四嘉子乡/小乌斯力村）或单位名称，可用 ggw units 查看。"
            ),
            format!(
                "No unit \"{given}\". Name it by id, full path (e.g. 爱辉区/四嘉子乡/小乌斯力村) or name; `ggw units` lists them."
            ),
        ),
        Error::UnitAmbiguous { given, paths } if paths.is_empty() => both(
            format!("有多个单位叫“{given}”，请写完整路径或编号，可用 ggw units 查看。"),
            format!(
                "Several units are called \"{given}\": give the full path or the id; `ggw units` lists them."
            ),
        ),
        Error::UnitAmbiguous { given, paths } => both(
            format!(
                "有 {} 个单位叫“{given}”：{}。请写其中一个的完整路径。",
                paths.len(),
                paths.join("；")
            ),
            format!(
                "{} units are called \"{given}\": {}. Give the full path of one of them.",
                paths.len(),
                paths.join("; ")
            ),
        ),
        Error::ArchiveOwnScope { unit } => both(
            format!(
                "不能撤销“{unit}”：您的账号限于这个单位，撤销后将无法再管理它。如确需撤销，请联系管理员。"
            ),
            format!(
                "Cannot archive \"{unit}\": your account is limited to this unit, and archiving it would lock you out. Ask an administrator if it must go."
            ),
        ),
        Error::UnitHasPeople { unit, elders, team } => both(
            format!(
                "不能撤销“{unit}”：它还有 {elders} 名在册五老、{team} 名在任班子成员，撤销后他们将留在一个不在单位树中的单位下。请先在花名册中把五老调到其他单位（编辑“所属单位”），用 ggw position end 结束班子任职（或在新单位重新任命），再撤销。"
            ),
            format!(
                "Cannot archive \"{unit}\": it still has {elders} elder(s) on the roll and {team} serving team member(s), who would be left under a unit no longer in the tree. Move the elders to another unit first (edit their unit in the roster) and end the team's terms with ggw position end (or appoint them in the new unit), then archive."
            ),
        ),
        _ => unreachable!("{e:?} has its text in another area"),
    }
}

fn kind_label(k: Option<UnitKind>, lang: Lang) -> &'static str {
    match (k, lang) {
        (Some(k), Lang::Zh) => k.label_zh(),
        (Some(k), Lang::En) => k.label_en(),
        (None, Lang::Zh) => "顶层",
        (None, Lang::En) => "the top level",
    }
}

fn kinds_allowed(parent: Option<UnitKind>, lang: Lang) -> String {
    let sep = lang.pick("、", ", ");
    UnitKind::children_allowed(parent)
        .into_iter()
        .map(|k| kind_label(Some(k), lang))
        .collect::<Vec<_>>()
        .join(sep)
}
