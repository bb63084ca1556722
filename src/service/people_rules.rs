//! Turning what a form or an import row says about a person into a checked
//! `Person`: the field rules, each refusal next to its field.

use crate::domain::day::Day;
use crate::domain::id_number::{IdNumber, validate_id_number};
use crate::domain::person::{ElderMembership, Person, PersonDraft, PersonId, RosterStatus};
use crate::domain::text::{self, clean_free_text};
use crate::domain::tree::UnitTree;
use crate::domain::{OrgUnit, UnitId};
use crate::error::{Error, Field, Result};

pub fn invalid(field: Field, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::InvalidField {
        field,
        zh: zh.into(),
        en: en.into(),
    }
}

/// One line of text (address, employer, post): controls dropped, line
/// breaks folded into spaces.
pub fn one_line(s: &str) -> String {
    clean_free_text(s).replace('\n', " ").trim().to_string()
}

pub fn free_text(s: &str) -> String {
    clean_free_text(s).trim().to_string()
}

/// The longest phone field seen in registers: a landline with area code and
/// extension, or two numbers.
const MAX_PHONE_CHARS: usize = 30;

fn check_phone(raw: &str) -> Result<String> {
    let phone = raw.trim();
    if phone.contains('*') {
        return Err(invalid(
            Field::Phone,
            "联系电话是打码的（导出时未加 --unmasked），无法据此登记；请填完整号码或留空",
            "the phone number is masked (exported without --unmasked); give the whole number or leave it empty",
        ));
    }
    let ok = phone.chars().count() <= MAX_PHONE_CHARS
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')' | '/' | '、'));
    if ok {
        Ok(phone.to_string())
    } else {
        Err(invalid(
            Field::Phone,
            format!(
                "联系电话“{}”无效：只能含数字、空格和 - + ( ) /",
                text::for_display(phone)
            ),
            format!(
                "phone \"{}\" is invalid: use digits, spaces and - + ( ) /",
                text::for_display(phone)
            ),
        ))
    }
}

fn check_id_number(raw: &str) -> Result<Option<IdNumber>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if raw.contains('*') {
        return Err(invalid(
            Field::IdNumber,
            "身份证号是打码的（导出时未加 --unmasked），无法据此登记；请填完整号码或留空",
            "the ID number is masked (exported without --unmasked); give the whole number or leave it empty",
        ));
    }
    validate_id_number(raw)
        .map(Some)
        .map_err(|e| invalid(Field::IdNumber, e.to_string(), e.message_en()))
}

/// The one rule for the dates of the roll (joined, re-registered, struck
/// off): a change is recorded once it has happened, never ahead of time, so
/// no figure counts today what is dated tomorrow.
pub fn not_after_today(
    field: Field,
    what_zh: &str,
    what_en: &str,
    day: Day,
    today: Day,
) -> Result<()> {
    if day > today {
        Err(invalid(
            field,
            format!("{what_zh} {day} 晚于今天，请检查"),
            format!("the {what_en} {day} is after today: please check it"),
        ))
    } else {
        Ok(())
    }
}

/// Checks a draft and builds the person it describes, with `id` and no
/// stamps yet. Talks and honours are kept from `before` (an edit).
pub fn person_from_draft(
    draft: &PersonDraft,
    id: PersonId,
    before: Option<&Person>,
    today: Day,
) -> Result<Person> {
    let name = text::check_name(&draft.name)?;
    let unit = draft.unit.ok_or_else(|| {
        invalid(
            Field::Unit,
            "请选择所属单位",
            "choose the unit the person is registered with",
        )
    })?;
    let id_number = check_id_number(&draft.id_number)?;
    if let Some(b) = draft.birth {
        not_after_today(Field::Birth, "出生日期", "birth date", b, today)?;
        if let Some(n) = &id_number {
            let from_id = Day::from_date(n.birth_date());
            if from_id != b {
                return Err(invalid(
                    Field::Birth,
                    format!("出生日期 {b} 与身份证号中的 {from_id} 不符"),
                    format!("the birth date {b} differs from the one in the ID number ({from_id})"),
                ));
            }
        }
    }
    let gender = match (draft.gender, &id_number) {
        (Some(g), Some(n)) if g != n.gender() => {
            return Err(invalid(
                Field::Gender,
                format!(
                    "性别“{}”与身份证号不符（号码显示为{}）",
                    g.label_zh(),
                    n.gender().label_zh()
                ),
                format!(
                    "gender \"{}\" differs from the ID number, which says {}",
                    g.label_en(),
                    n.gender().label_en()
                ),
            ));
        }
        (Some(g), _) => Some(g),
        (None, Some(n)) => Some(n.gender()),
        (None, None) => None,
    };
    let birth = draft
        .birth
        .or_else(|| id_number.as_ref().map(|n| Day::from_date(n.birth_date())));
    let elder = match &draft.elder {
        None => None,
        Some(e) => {
            for (field, zh, en, day) in [
                (Field::Joined, "入列日期", "joining date", e.joined),
                (
                    Field::Reregistered,
                    "重新登记日期",
                    "re-registration date",
                    e.reregistered,
                ),
            ] {
                let Some(day) = day else { continue };
                not_after_today(field, zh, en, day, today)?;
                if birth.is_some_and(|b| day < b) {
                    return Err(invalid(
                        field,
                        format!("{zh} {day} 早于出生日期"),
                        format!("the {en} {day} is before the birth date"),
                    ));
                }
            }
            let status = match &e.status {
                RosterStatus::Active => RosterStatus::Active,
                RosterStatus::Removed { on, reason, note } => {
                    not_after_today(Field::Date, "除名日期", "date struck off", *on, today)?;
                    if let Some(j) = e.joined.filter(|j| on < j) {
                        return Err(invalid(
                            Field::Date,
                            format!("除名日期 {on} 早于入列日期 {j}"),
                            format!("struck off on {on}, before joining on {j}"),
                        ));
                    }
                    RosterStatus::Removed {
                        on: *on,
                        reason: *reason,
                        note: free_text(note),
                    }
                }
            };
            let kept = before.and_then(|b| b.elder.as_ref());
            Some(ElderMembership {
                category: e.category,
                core: e.core,
                skills: one_line(&e.skills),
                health: one_line(&e.health),
                source: e.source,
                joined: e.joined,
                reregistered: e.reregistered,
                status,
                talks: kept.map(|k| k.talks.clone()).unwrap_or_default(),
                honours: kept.map(|k| k.honours.clone()).unwrap_or_default(),
            })
        }
    };
    Ok(Person {
        id,
        name,
        gender,
        birth,
        phone: check_phone(&draft.phone)?,
        id_number,
        address: one_line(&draft.address),
        employer: one_line(&draft.employer),
        post: one_line(&draft.post),
        political: one_line(&draft.political),
        unit,
        notes: free_text(&draft.notes),
        elder,
        created: before.map_or(0, |b| b.created),
        changed_at: 0,
        changed_by: String::new(),
        rev: before.map_or(1, |b| b.rev + 1),
        voided: before.and_then(|b| b.voided.clone()),
    })
}

pub fn live_unit(tree: &UnitTree, id: UnitId) -> Result<&OrgUnit> {
    let u = tree.get(id).ok_or(Error::NoSuchRecord { id: id.0 })?;
    if u.is_live() {
        Ok(u)
    } else {
        Err(Error::UnitArchived {
            name: u.name.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::id_number::Gender;
    use crate::domain::person::{Category, ElderDraft, RemovalReason, Source};

    fn today() -> Day {
        Day::ymd(2024, 1, 16).unwrap()
    }

    fn draft() -> PersonDraft {
        PersonDraft {
            name: " 张桂芳 ".into(),
            unit: Some(UnitId(3)),
            id_number: "11010519491231002X".into(),
            elder: Some(ElderDraft {
                category: Category::Teacher,
                core: true,
                skills: "书法\n剪纸".into(),
                health: "良好".into(),
                source: Source::Education,
                joined: Some(Day::ymd(2022, 9, 1).unwrap()),
                reregistered: None,
                status: RosterStatus::Active,
            }),
            ..PersonDraft::default()
        }
    }

    fn field_of(r: Result<Person>) -> Option<&'static str> {
        r.err().and_then(|e| e.field())
    }

    #[test]
    fn a_good_draft_takes_birth_and_gender_from_the_id_number() {
        let p = person_from_draft(&draft(), PersonId(9), None, today()).unwrap();
        assert_eq!(p.name, "张桂芳");
        assert_eq!(p.birth, Day::ymd(1949, 12, 31));
        assert_eq!(p.gender, Some(Gender::Female));
        assert_eq!(p.elder.as_ref().unwrap().skills, "书法 剪纸");
    }

    #[test]
    fn each_rule_refuses_next_to_its_field() {
        let mut d = draft();
        d.name = "  ".into();
        assert_eq!(
            field_of(person_from_draft(&d, PersonId(1), None, today())),
            Some("name")
        );

        let mut d = draft();
        d.id_number = "110105194912310021".into();
        let e = person_from_draft(&d, PersonId(1), None, today()).unwrap_err();
        assert_eq!(e.field(), Some("id_number"));
        assert!(e.message(crate::lang::Lang::Zh).contains("校验位"));

        let mut d = draft();
        d.id_number = "110***********002X".into();
        assert_eq!(
            field_of(person_from_draft(&d, PersonId(1), None, today())),
            Some("id_number")
        );

        let mut d = draft();
        d.gender = Some(Gender::Male);
        assert_eq!(
            field_of(person_from_draft(&d, PersonId(1), None, today())),
            Some("gender")
        );

        let mut d = draft();
        d.birth = Day::ymd(1950, 1, 1);
        assert_eq!(
            field_of(person_from_draft(&d, PersonId(1), None, today())),
            Some("birth")
        );

        let mut d = draft();
        d.phone = "138x".into();
        assert_eq!(
            field_of(person_from_draft(&d, PersonId(1), None, today())),
            Some("phone")
        );

        let mut d = draft();
        d.unit = None;
        assert_eq!(
            field_of(person_from_draft(&d, PersonId(1), None, today())),
            Some("unit")
        );

        let mut d = draft();
        if let Some(e) = d.elder.as_mut() {
            e.status = RosterStatus::Removed {
                on: Day::ymd(2021, 1, 1).unwrap(),
                reason: RemovalReason::Inactive,
                note: String::new(),
            };
        }
        assert_eq!(
            field_of(person_from_draft(&d, PersonId(1), None, today())),
            Some("date")
        );

        let mut d = draft();
        if let Some(e) = d.elder.as_mut() {
            e.joined = Day::ymd(2030, 1, 1);
        }
        assert_eq!(
            field_of(person_from_draft(&d, PersonId(1), None, today())),
            Some("joined")
        );
    }
}
