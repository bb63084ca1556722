//! A person as the roll's figures read them: the stored record decoded in
//! place, its text borrowed from the bytes it lies in rather than copied.
//!
//! At a province a report reads 200,000 persons once each, and decoding
//! each into an owned `Person` (ten strings and more, a talk's two each)
//! was most of what reading them cost. The view is the same record field
//! for field, so the same bytes decode (and the same damage is refused,
//! with the same message), but only what the figures use is kept.

use serde::{Deserialize, Deserializer};

use super::day::Day;
use super::id_number::{Gender, IdNumber};
use super::person::{
    Category, ElderMembership, Honour, HonourLevel, Person, PersonId, RemovalReason, RosterStatus,
    Source, TalkOutcome,
};
use super::time::Timestamp;
use super::unit::UnitId;

/// The fields of a `Person` the figures use.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonView<'a> {
    pub id: PersonId,
    pub name: &'a str,
    /// The birth date as given, else the one inside the ID number.
    pub birth_day: Option<Day>,
    pub unit: UnitId,
    pub elder: Option<ElderView<'a>>,
    pub created: Timestamp,
    /// The local day of `created`: worked out once, as every unit a
    /// person counts for asks it.
    pub registered: Day,
    pub voided: bool,
}

/// The fields of an `ElderMembership` the figures use.
#[derive(Debug, Clone, PartialEq)]
pub struct ElderView<'a> {
    pub category: Category,
    pub core: bool,
    pub source: Source,
    pub joined: Option<Day>,
    pub reregistered: Option<Day>,
    pub removed: Option<Removal<'a>>,
    /// The days of the talks, oldest first.
    pub talks: Vec<Day>,
    pub honours: Vec<HonourView<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removal<'a> {
    pub on: Day,
    pub reason: RemovalReason,
    pub note: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct HonourView<'a> {
    pub title: &'a str,
    pub level: HonourLevel,
    pub date: Day,
}

impl HonourView<'_> {
    pub fn to_owned(&self) -> Honour {
        Honour {
            title: self.title.to_owned(),
            level: self.level,
            date: self.date,
        }
    }
}

impl<'a> PersonView<'a> {
    /// The view of a record already decoded.
    pub fn of(p: &'a Person) -> PersonView<'a> {
        PersonView {
            id: p.id,
            name: &p.name,
            birth_day: p.birth_day(),
            unit: p.unit,
            elder: p.elder.as_ref().map(ElderView::of),
            created: p.created,
            registered: p.registered_day(),
            voided: p.voided.is_some(),
        }
    }

    pub fn age_on(&self, day: Day) -> Option<u32> {
        day.years_since(self.birth_day?)
    }
}

impl<'a> ElderView<'a> {
    pub fn of(e: &'a ElderMembership) -> ElderView<'a> {
        ElderView {
            category: e.category,
            core: e.core,
            source: e.source,
            joined: e.joined,
            reregistered: e.reregistered,
            removed: match &e.status {
                RosterStatus::Active => None,
                RosterStatus::Removed { on, reason, note } => Some(Removal {
                    on: *on,
                    reason: *reason,
                    note,
                }),
            },
            talks: e.talks.iter().map(|t| t.date).collect(),
            honours: e
                .honours
                .iter()
                .map(|h| HonourView {
                    title: &h.title,
                    level: h.level,
                    date: h.date,
                })
                .collect(),
        }
    }

    pub fn removed_on(&self) -> Option<Day> {
        self.removed.map(|r| r.on)
    }

    /// As `ElderMembership::joined_or`.
    pub fn joined_or(&self, registered: Day) -> Day {
        super::person::joined_or(self.joined, self.removed_on(), registered)
    }

    /// As `ElderMembership::on_roll`.
    pub fn on_roll(&self, registered: Day, day: Day) -> bool {
        super::person::on_roll(self.joined, self.removed_on(), registered, day)
    }
}

/// `Person` as stored, field for field, text borrowed. The fields the view
/// leaves out are still read (and checked, as text must be UTF-8) so that
/// what follows them is where it belongs.
#[derive(Deserialize)]
struct Stored<'a> {
    id: PersonId,
    name: &'a str,
    _gender: Option<Gender>,
    birth: Option<Day>,
    _phone: &'a str,
    id_number: Option<StoredIdNumber>,
    _address: &'a str,
    _employer: &'a str,
    _post: &'a str,
    _political: &'a str,
    unit: UnitId,
    _notes: &'a str,
    #[serde(borrow)]
    elder: Option<StoredElder<'a>>,
    created: Timestamp,
    _changed_at: Timestamp,
    _changed_by: &'a str,
    _rev: u64,
    #[serde(borrow)]
    voided: Option<StoredVoided<'a>>,
}

#[derive(Deserialize)]
struct StoredElder<'a> {
    category: Category,
    core: bool,
    _skills: &'a str,
    _health: &'a str,
    source: Source,
    joined: Option<Day>,
    reregistered: Option<Day>,
    #[serde(borrow)]
    status: StoredStatus<'a>,
    talks: TalkDays,
    #[serde(borrow)]
    honours: Vec<HonourView<'a>>,
}

/// `RosterStatus`, its variants in the same order.
#[derive(Deserialize)]
enum StoredStatus<'a> {
    Active,
    Removed {
        on: Day,
        reason: RemovalReason,
        note: &'a str,
    },
}

#[derive(Deserialize)]
struct StoredTalk<'a> {
    date: Day,
    _by: &'a str,
    _summary: &'a str,
    _outcome: TalkOutcome,
}

#[derive(Deserialize)]
struct StoredVoided<'a> {
    _at: Timestamp,
    _by: &'a str,
    _reason: &'a str,
}

/// The talks as stored, their days alone kept: one list, where the talks
/// themselves would be one more each.
struct TalkDays(Vec<Day>);

impl<'de> Deserialize<'de> for TalkDays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Days;
        impl<'de> serde::de::Visitor<'de> for Days {
            type Value = TalkDays;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a sequence of talks")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<TalkDays, A::Error> {
                let mut days = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(t) = seq.next_element::<StoredTalk<'de>>()? {
                    days.push(t.date);
                }
                Ok(TalkDays(days))
            }
        }
        d.deserialize_seq(Days)
    }
}

/// An ID number as stored, checked as `IdNumber` checks it; only its birth
/// date is kept.
struct StoredIdNumber(chrono::NaiveDate);

impl<'de> Deserialize<'de> for StoredIdNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <&str>::deserialize(d)?;
        IdNumber::stored_birth_date(s)
            .map(StoredIdNumber)
            .map_err(serde::de::Error::custom)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for PersonView<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let p = Stored::deserialize(d)?;
        Ok(PersonView {
            id: p.id,
            name: p.name,
            birth_day: p.birth.or_else(|| p.id_number.map(|n| Day::from_date(n.0))),
            unit: p.unit,
            elder: p.elder.map(|e| ElderView {
                category: e.category,
                core: e.core,
                source: e.source,
                joined: e.joined,
                reregistered: e.reregistered,
                removed: match e.status {
                    StoredStatus::Active => None,
                    StoredStatus::Removed { on, reason, note } => {
                        Some(Removal { on, reason, note })
                    }
                },
                talks: e.talks.0,
                honours: e.honours,
            }),
            created: p.created,
            registered: super::time::local_day(p.created),
            voided: p.voided.is_some(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::Talk;
    use crate::domain::void::Voided;
    use crate::store::codec::{CodecError, decode, decode_view, encode};

    fn d(y: i32, m: u32, day: u32) -> Day {
        Day::ymd(y, m, day).unwrap()
    }

    /// Someone registered who is not an elder: every optional part absent.
    fn bare() -> Person {
        Person {
            created: 1_700_000_000,
            changed_at: 1_700_000_000,
            changed_by: "admin".into(),
            ..Person::fixture(7, "王建国", 3)
        }
    }

    /// An elder with every optional part there: the birth date only in the
    /// ID number, struck off, talked to, honoured, and voided.
    fn full() -> Person {
        Person {
            gender: Some(Gender::Female),
            phone: "13900000000".into(),
            id_number: Some(IdNumber::try_from("11010519491231002X").unwrap()),
            address: "四嘉子乡小乌斯力村 3 号".into(),
            employer: "区教育局".into(),
            post: "副局长".into(),
            political: "中共党员".into(),
            notes: "长期关心下一代".into(),
            elder: Some(ElderMembership {
                category: Category::Teacher,
                core: true,
                skills: "书法".into(),
                health: "良好".into(),
                source: Source::Education,
                joined: Some(d(2015, 3, 1)),
                reregistered: Some(d(2024, 5, 6)),
                status: RosterStatus::Removed {
                    on: d(2025, 2, 3),
                    reason: RemovalReason::OwnRequest,
                    note: "迁往外地".into(),
                },
                talks: vec![
                    Talk {
                        date: d(2024, 1, 2),
                        by: "李主任".into(),
                        summary: "谈工作".into(),
                        outcome: TalkOutcome::Keep,
                    },
                    Talk {
                        date: d(2025, 1, 20),
                        by: "张秘书长".into(),
                        summary: "本人申请退出".into(),
                        outcome: TalkOutcome::StrikeOff,
                    },
                ],
                honours: vec![Honour {
                    title: "优秀五老".into(),
                    level: HonourLevel::City,
                    date: d(2023, 9, 10),
                }],
            }),
            rev: 9,
            voided: Some(Voided {
                at: 1_750_000_000,
                by: "admin".into(),
                reason: "重复录入".into(),
            }),
            ..bare()
        }
    }

    fn viewed(p: &Person) -> PersonView<'_> {
        PersonView::of(p)
    }

    fn read(bytes: &[u8]) -> Result<Option<PersonView<'_>>, CodecError> {
        decode_view::<Person, PersonView>(bytes)
    }

    #[test]
    fn the_stored_bytes_read_as_the_view_of_the_record() {
        let full = full();
        let bytes = encode(&full);
        let view = read(&bytes).unwrap().unwrap();
        assert_eq!(view, viewed(&full));
        // By hand: the birth date from the number, the talks' days, the
        // removal with its note, the honour's title borrowed.
        assert_eq!(view.birth_day, Some(d(1949, 12, 31)));
        assert!(view.voided);
        let e = view.elder.as_ref().unwrap();
        assert_eq!(e.talks, vec![d(2024, 1, 2), d(2025, 1, 20)]);
        assert_eq!(
            e.removed,
            Some(Removal {
                on: d(2025, 2, 3),
                reason: RemovalReason::OwnRequest,
                note: "迁往外地",
            })
        );
        assert_eq!(
            e.honours[0].to_owned(),
            full.elder.as_ref().unwrap().honours[0]
        );
        assert_eq!(
            (e.category, e.core, e.source),
            (Category::Teacher, true, Source::Education)
        );
        assert_eq!(
            (e.joined, e.reregistered),
            (Some(d(2015, 3, 1)), Some(d(2024, 5, 6)))
        );

        let bare = bare();
        let bytes = encode(&bare);
        let view = read(&bytes).unwrap().unwrap();
        assert_eq!(view, viewed(&bare));
        assert_eq!(
            (view.name, view.birth_day, view.elder, view.voided),
            ("王建国", None, None, false)
        );
        assert_eq!(
            (view.id, view.unit, view.created),
            (PersonId(7), UnitId(3), 1_700_000_000)
        );
    }

    #[test]
    fn each_part_alone_reads_as_the_record_does() {
        let mut cases = Vec::new();
        // The birth date given wins over the number's.
        let mut p = full();
        p.birth = Some(d(1950, 1, 1));
        p.voided = None;
        cases.push(p);
        // An elder on the roll with nothing else recorded.
        let mut p = full();
        let e = p.elder.as_mut().unwrap();
        (e.joined, e.reregistered, e.status) = (None, None, RosterStatus::Active);
        (e.talks, e.honours) = (vec![], vec![]);
        p.id_number = None;
        cases.push(p);
        // Only the number, not an elder.
        cases.push(Person {
            id_number: full().id_number,
            ..bare()
        });
        for p in &cases {
            let bytes = encode(p);
            assert_eq!(read(&bytes).unwrap().unwrap(), viewed(p), "{p:?}");
        }
        assert_eq!(viewed(&cases[0]).birth_day, Some(d(1950, 1, 1)));
        assert_eq!(viewed(&cases[2]).birth_day, Some(d(1949, 12, 31)));
    }

    #[test]
    fn damaged_bytes_are_refused_as_the_record_refuses_them() {
        let bytes = encode(&full());
        let record = |b: &[u8]| decode::<Person>(b).map(|_| ());
        let view = |b: &[u8]| read(b).map(|_| ());
        for cut in [1, 2, 10, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(
                view(&bytes[..cut]),
                Err(CodecError::Truncated),
                "cut at {cut}"
            );
            assert_eq!(record(&bytes[..cut]), Err(CodecError::Truncated));
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(view(&longer), Err(CodecError::TrailingBytes { extra: 1 }));
        assert_eq!(record(&longer), Err(CodecError::TrailingBytes { extra: 1 }));
        // A wrong check digit in the stored number: the same message.
        let at = bytes
            .windows(18)
            .position(|w| w == b"11010519491231002X")
            .unwrap();
        let mut wrong = bytes.clone();
        wrong[at + 17] = b'1';
        let refused = view(&wrong);
        assert!(
            matches!(&refused, Err(CodecError::Payload(m)) if m.contains("校验位")),
            "{refused:?}"
        );
        assert_eq!(refused, record(&wrong));
        // Text that is not UTF-8, in a field the view does not keep.
        let at = bytes
            .windows(6)
            .position(|w| w == "书法".as_bytes())
            .unwrap();
        let mut broken = bytes.clone();
        broken[at] = 0xff;
        assert!(matches!(view(&broken), Err(CodecError::Payload(_))));
        assert!(matches!(record(&broken), Err(CodecError::Payload(_))));
    }

    #[test]
    fn an_older_version_is_left_to_the_record_and_a_newer_refused() {
        let mut bytes = encode(&bare());
        bytes[..2].copy_from_slice(&1u16.to_le_bytes());
        // Version 1 had no `voided`: its bytes end before it.
        bytes.pop();
        assert_eq!(read(&bytes), Ok(None));
        assert_eq!(decode::<Person>(&bytes), Ok(bare()));
        bytes[..2].copy_from_slice(&3u16.to_le_bytes());
        assert_eq!(
            read(&bytes).map(|_| ()),
            Err(CodecError::UnknownVersion {
                kind: "person",
                found: 3,
                supported: 2
            })
        );
    }
}
