//! The resident identity number (公民身份号码, GB 11643-1999), gender, and
//! the masks used whenever an ID number or a phone number is shown on screen
//! or printed, so a list left open on a desk does not expose them.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub const ID_NUMBER_LEN: usize = 18;

/// Older dates cannot be genuine for a living person; the limit still admits
/// the standard's own worked example (born 1880).
const EARLIEST_BIRTH_YEAR: i32 = 1800;

/// ISO 7064 MOD 11-2 weights for positions 1–17 (2^(18-i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character indexed by (weighted sum mod 11).
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::Male, Gender::Female];

    pub fn label_zh(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// Accepts what registers actually contain: 男/女 (also 男性/女性),
    /// M/F and male/female in any letter case.
    pub fn parse(s: &str) -> Option<Gender> {
        let s = s.trim();
        match s {
            "男" | "男性" => Some(Gender::Male),
            "女" | "女性" => Some(Gender::Female),
            _ if s.eq_ignore_ascii_case("m") || s.eq_ignore_ascii_case("male") => {
                Some(Gender::Male)
            }
            _ if s.eq_ignore_ascii_case("f") || s.eq_ignore_ascii_case("female") => {
                Some(Gender::Female)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Gender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_zh())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenderError {
    pub input: String,
}

impl GenderError {
    pub fn message_en(&self) -> String {
        format!(
            "gender \"{}\" not recognised: use 男/女, M/F or male/female",
            self.input
        )
    }
}

impl fmt::Display for GenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "性别“{}”无法识别，请填写 男 或 女", self.input)
    }
}

impl std::error::Error for GenderError {}

impl FromStr for Gender {
    type Err = GenderError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Gender::parse(s).ok_or_else(|| GenderError {
            input: s.trim().to_string(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdNumberError {
    Empty,
    /// `found` counts characters, not bytes.
    WrongLength {
        found: usize,
    },
    /// `position` is 1-based, as an operator counts along the printed number.
    InvalidChar {
        position: usize,
        found: char,
    },
    /// `digits` are positions 7–14 as written (YYYYMMDD).
    BadBirthDate {
        digits: String,
    },
    BadChecksum {
        expected: char,
        found: char,
    },
}

impl IdNumberError {
    pub fn message_en(&self) -> String {
        match self {
            IdNumberError::Empty => "ID number is empty".to_string(),
            IdNumberError::WrongLength { found: 15 } => {
                "ID number must have 18 characters, found 15 (an old 15-digit number; use the 18-digit one)".to_string()
            }
            IdNumberError::WrongLength { found } => {
                format!("ID number must have 18 characters, found {found}")
            }
            IdNumberError::InvalidChar { position, found } => format!(
                "ID number character {position} \"{found}\" is invalid: the first 17 must be digits, the last a digit or X"
            ),
            IdNumberError::BadBirthDate { digits } => {
                format!("the birth date \"{digits}\" inside the ID number is not a real date")
            }
            IdNumberError::BadChecksum { expected, found } => format!(
                "ID number check digit does not match (should be {expected}, is {found}); please check for a typing error"
            ),
        }
    }
}

impl fmt::Display for IdNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdNumberError::Empty => f.write_str("身份证号为空"),
            IdNumberError::WrongLength { found: 15 } => {
                f.write_str("身份证号应为 18 位，实际为 15 位（旧的 15 位号码请换成 18 位新号码）")
            }
            IdNumberError::WrongLength { found } => {
                write!(f, "身份证号应为 18 位，实际为 {found} 位")
            }
            IdNumberError::InvalidChar { position, found } => write!(
                f,
                "身份证号第 {position} 位“{found}”无效：前 17 位须为数字，末位为数字或 X"
            ),
            IdNumberError::BadBirthDate { digits } => {
                write!(f, "身份证号中的出生日期“{digits}”不是有效日期")
            }
            IdNumberError::BadChecksum { expected, found } => write!(
                f,
                "身份证号校验位不符（末位应为 {expected}，实际为 {found}），请核对是否输错"
            ),
        }
    }
}

impl std::error::Error for IdNumberError {}

/// A checked 18-character resident ID number, upper-case `X`.
///
/// The field is private and deserialising goes through validation, so every
/// value has a real birth date and a correct check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

impl IdNumber {
    /// The full number. Show `masked()` on screen instead unless the operator
    /// asked to see it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        // Construction already rejected numbers without a real date, so the
        // fallback is never taken; it only keeps this path panic-free.
        birth_date_of(self.0.as_bytes()).unwrap_or(NaiveDate::MIN)
    }

    /// Completed years on `on`; `None` if `on` is before the birth date.
    pub fn age_on(&self, on: NaiveDate) -> Option<u32> {
        on.years_since(self.birth_date())
    }

    /// The 17th character is the sequence digit: odd for men, even for women.
    pub fn gender(&self) -> Gender {
        match self.0.as_bytes().get(16) {
            // ASCII '0' is even, so the byte has the digit's parity.
            Some(d) if d % 2 == 1 => Gender::Male,
            _ => Gender::Female,
        }
    }

    /// `230***********1234`: the region prefix and the last four stay, which
    /// is what an operator needs to tell two people apart.
    pub fn masked(&self) -> String {
        mask_keep(&self.0, 3, 4)
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for IdNumber {
    type Err = IdNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        validate_id_number(s)
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdNumberError;

    /// Every stored number is read through here: one already written as
    /// stored (18 ASCII characters, upper-case `X`) is checked where it
    /// lies and kept, without the copies the general check makes.
    fn try_from(s: String) -> Result<Self, Self::Error> {
        match check_stored(s.as_bytes()) {
            Some(checked) => checked.map(|_| IdNumber(s)),
            None => validate_id_number(&s),
        }
    }
}

impl IdNumber {
    /// The birth date in a number as stored, checked as reading it into an
    /// `IdNumber` checks it (so the same numbers are refused), without
    /// keeping a copy of it: for a reader that wants the date alone.
    pub fn stored_birth_date(s: &str) -> Result<NaiveDate, IdNumberError> {
        match check_stored(s.as_bytes()) {
            Some(checked) => checked,
            None => validate_id_number(s).map(|n| n.birth_date()),
        }
    }
}

/// For a number in stored form (18 ASCII characters, upper-case `X`): its
/// birth date, or why it is refused. None for any other form, which takes
/// the general check.
fn check_stored(b: &[u8]) -> Option<Result<NaiveDate, IdNumberError>> {
    let canonical = b.len() == ID_NUMBER_LEN
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X');
    if !canonical {
        return None;
    }
    let Some(date) = birth_date_of(b) else {
        let digits = String::from_utf8_lossy(&b[6..14]).into_owned();
        return Some(Err(IdNumberError::BadBirthDate { digits }));
    };
    let expected = check_char(&b[..17]);
    let found = char::from(b[17]);
    if expected != found {
        return Some(Err(IdNumberError::BadChecksum { expected, found }));
    }
    Some(Ok(date))
}

impl TryFrom<&str> for IdNumber {
    type Error = IdNumberError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        validate_id_number(s)
    }
}

impl From<IdNumber> for String {
    fn from(id: IdNumber) -> String {
        id.0
    }
}

/// Checks an ID number as typed or imported.
///
/// Surrounding whitespace is ignored and full-width digits and `Ｘ` (what a
/// Chinese input method produces in full-width mode) are accepted; `x` is
/// stored as `X`. The birth date is checked before the check digit because
/// "the date is impossible" points the operator at the mistake more
/// precisely than "the check digit is wrong".
pub fn validate_id_number(s: &str) -> Result<IdNumber, IdNumberError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(IdNumberError::Empty);
    }
    let chars: Vec<char> = s.chars().map(half_width).collect();
    if chars.len() != ID_NUMBER_LEN {
        return Err(IdNumberError::WrongLength { found: chars.len() });
    }
    let mut bytes = [0u8; ID_NUMBER_LEN];
    for (i, &c) in chars.iter().enumerate() {
        let ok_last = i == ID_NUMBER_LEN - 1 && matches!(c, 'x' | 'X');
        if !(c.is_ascii_digit() || ok_last) {
            return Err(IdNumberError::InvalidChar {
                position: i + 1,
                found: c,
            });
        }
        bytes[i] = c.to_ascii_uppercase() as u8;
    }

    if birth_date_of(&bytes).is_none() {
        let digits = String::from_utf8_lossy(&bytes[6..14]).into_owned();
        return Err(IdNumberError::BadBirthDate { digits });
    }

    let expected = check_char(&bytes[..17]);
    let found = char::from(bytes[17]);
    if expected != found {
        return Err(IdNumberError::BadChecksum { expected, found });
    }

    Ok(IdNumber(String::from_utf8_lossy(&bytes).into_owned()))
}

/// `bytes` are the first 17 characters, already known to be ASCII digits.
fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    char::from(CHECK_CHARS[(sum % 11) as usize])
}

/// Positions 7–14 as a date, if they are digits and form a real date.
fn birth_date_of(bytes: &[u8]) -> Option<NaiveDate> {
    let digits = bytes.get(6..14)?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        digits[r]
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    let year = i32::try_from(num(0..4)).ok()?;
    let date = NaiveDate::from_ymd_opt(year, num(4..6), num(6..8))?;
    (date.year() >= EARLIEST_BIRTH_YEAR).then_some(date)
}

fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
        'Ｘ' => 'X',
        'ｘ' => 'x',
        c => c,
    }
}

/// `138****5678` for an 11-digit mobile number; for anything else the first
/// three and last two characters stay. Strings too short to keep anything
/// back are masked whole, so a short landline extension is not shown bare.
pub fn mask_phone(s: &str) -> String {
    let s = s.trim();
    let n = s.chars().count();
    if n == 11 && s.bytes().all(|b| b.is_ascii_digit()) {
        mask_keep(s, 3, 4)
    } else if n <= 5 {
        "*".repeat(n)
    } else {
        mask_keep(s, 3, 2)
    }
}

/// Keeps `head` leading and `tail` trailing characters, stars in between;
/// the length in characters is unchanged so columns stay aligned.
fn mask_keep(s: &str, head: usize, tail: usize) -> String {
    let n = s.chars().count();
    if n <= head + tail {
        return "*".repeat(n);
    }
    s.chars()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    // Weights for positions 1–17: 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2;
    // check character = "10X98765432"[sum mod 11].

    /// Reading a stored number takes a shorter way for numbers written as
    /// stored; it must answer as the check of typed input does, for every
    /// kind of input.
    #[test]
    fn stored_numbers_are_checked_as_typed_ones_are() {
        for s in [
            "11010519491231002X",
            "110105194912310011",
            "440524188001010014",
            "110105194912310021",  // check digit should be X
            "11010519491231002x",  // lower-case x
            "110105194902300016",  // 30 February
            "110105179912310018",  // before 1800
            " 11010519491231002X", // a space before
            "１１０１０５１９４９１２３１００２Ｘ",
            "1101051949123100",
            "11010519491231002X1",
            "1101051949A231002X",
            "X10105194912310021",
            "",
        ] {
            let stored = IdNumber::try_from(s.to_string());
            assert_eq!(stored, validate_id_number(s), "{s:?}");
        }
        assert_eq!(
            IdNumber::try_from("110105194912310021".to_string()),
            Err(IdNumberError::BadChecksum {
                expected: 'X',
                found: '1'
            })
        );
        assert_eq!(
            IdNumber::try_from("110105194902300016".to_string()),
            Err(IdNumberError::BadBirthDate {
                digits: "19490230".into()
            })
        );
    }

    #[test]
    fn standard_example_with_x() {
        // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2
        // = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → 'X'
        let id = validate_id_number("11010519491231002X").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), date(1949, 12, 31));
        assert_eq!(id.gender(), Gender::Female); // 17th digit 2 is even
    }

    #[test]
    fn lower_case_x_is_stored_upper_case() {
        let id = validate_id_number("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn male_example() {
        // As above but the 17th digit is 1: sum 167 − 2 = 165; 165 mod 11 = 0 → '1'
        let id = validate_id_number("110105194912310011").unwrap();
        assert_eq!(id.gender(), Gender::Male);
        assert_eq!(id.birth_date(), date(1949, 12, 31));
    }

    #[test]
    fn gb_11643_example_born_1880() {
        // 4·7+4·9+0·10+5·5+2·8+4·4+1·2+8·1+8·6+0·3+0·7+1·9+0·10+1·5+0·8+0·4+1·2
        // = 28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 → '4'
        let id = validate_id_number("440524188001010014").unwrap();
        assert_eq!(id.birth_date(), date(1880, 1, 1));
        assert_eq!(id.gender(), Gender::Male);
    }

    #[test]
    fn masking_keeps_prefix_and_last_four() {
        // 2·7+3·9+0·10+1·5+0·8+2·4+1·2+9·1+5·6+6·3+0·7+3·9+1·10+9·5+1·8+2·4+3·2
        // = 14+27+0+5+0+8+2+9+30+18+0+27+10+45+8+8+6 = 217; 217 mod 11 = 8 → '4'
        let id = validate_id_number("230102195603191234").unwrap();
        assert_eq!(id.masked(), "230***********1234");
        assert_eq!(id.masked().chars().count(), 18);
        assert_eq!(id.gender(), Gender::Male);
        assert_eq!(id.birth_date(), date(1956, 3, 19));
    }

    #[test]
    fn whitespace_and_full_width_accepted() {
        let id = validate_id_number("  １１０１０５１９４９１２３１００２ｘ \t").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn wrong_checksum() {
        // 110105194912310011 is valid (check '1'); changing the last character
        // to '2' must be caught.
        assert_eq!(
            validate_id_number("110105194912310012"),
            Err(IdNumberError::BadChecksum {
                expected: '1',
                found: '2'
            })
        );
        assert_eq!(
            validate_id_number("110105194912310010"),
            Err(IdNumberError::BadChecksum {
                expected: '1',
                found: '0'
            })
        );
        // Swapped 16th and 17th digits (a common typing slip): the sum
        // becomes 165 − 2 + 4 = 167, mod 11 = 2 → 'X'.
        assert_eq!(
            validate_id_number("110105194912310101"),
            Err(IdNumberError::BadChecksum {
                expected: 'X',
                found: '1'
            })
        );
    }

    #[test]
    fn x_only_allowed_last() {
        assert_eq!(
            validate_id_number("1101051949123100X2"),
            Err(IdNumberError::InvalidChar {
                position: 17,
                found: 'X'
            })
        );
        assert_eq!(
            validate_id_number("11010519491231002Y"),
            Err(IdNumberError::InvalidChar {
                position: 18,
                found: 'Y'
            })
        );
        assert_eq!(
            validate_id_number("11010519491 31002X"),
            Err(IdNumberError::InvalidChar {
                position: 12,
                found: ' '
            })
        );
    }

    #[test]
    fn wrong_length() {
        assert_eq!(validate_id_number(""), Err(IdNumberError::Empty));
        assert_eq!(validate_id_number("   "), Err(IdNumberError::Empty));
        assert_eq!(
            validate_id_number("11010519491231002"),
            Err(IdNumberError::WrongLength { found: 17 })
        );
        assert_eq!(
            validate_id_number("11010519491231002X1"),
            Err(IdNumberError::WrongLength { found: 19 })
        );
        let old = validate_id_number("110105491231002").unwrap_err();
        assert_eq!(old, IdNumberError::WrongLength { found: 15 });
        assert!(old.to_string().contains("15 位"));
        // Length counts characters, so multi-byte input is not mistaken.
        assert_eq!(
            validate_id_number("身份证号"),
            Err(IdNumberError::WrongLength { found: 4 })
        );
    }

    #[test]
    fn impossible_birth_date_with_valid_checksum() {
        // 1·7+1·9+0+1·5+0+5·4+1·2+9·1+4·6+9·3+0·7+2·9+3·10+0·5+0+0+2·2
        // = 7+9+5+20+2+9+24+27+18+30+4 = 155; 155 mod 11 = 1 → '0'
        // so only the date (February 30th) is wrong.
        assert_eq!(
            validate_id_number("110105194902300020"),
            Err(IdNumberError::BadBirthDate {
                digits: "19490230".into()
            })
        );
        // Month 13.
        assert!(matches!(
            validate_id_number("110105194913010020"),
            Err(IdNumberError::BadBirthDate { .. })
        ));
        // Year 0000 is a date to chrono but not a birth date.
        assert!(matches!(
            validate_id_number("110105000001010020"),
            Err(IdNumberError::BadBirthDate { .. })
        ));
    }

    #[test]
    fn february_29th() {
        // 2000 is a leap year.
        // 7+9+0+5+0+20+2·2+0+0+0+0+2·9+2·10+9·5+0+0+1·2 = 130; 130 mod 11 = 9 → '3'
        let id = validate_id_number("110105200002290013").unwrap();
        assert_eq!(id.birth_date(), date(2000, 2, 29));
        // 1900 is not (divisible by 100, not by 400).
        // 7+9+0+5+0+20+1·2+9·1+0+0+0+2·9+2·10+9·5+0+0+1·2 = 137; 137 mod 11 = 5 → '7'
        assert_eq!(
            validate_id_number("110105190002290017"),
            Err(IdNumberError::BadBirthDate {
                digits: "19000229".into()
            })
        );
    }

    #[test]
    fn check_char_matches_hand_sums() {
        assert_eq!(check_char(b"11010519491231002"), 'X');
        assert_eq!(check_char(b"44052418800101001"), '4');
        assert_eq!(check_char(b"23010219560312123"), '6'); // sum 182, mod 11 = 6
    }

    #[test]
    fn age_on() {
        let id = validate_id_number("11010519491231002X").unwrap();
        assert_eq!(id.age_on(date(2024, 12, 30)), Some(74));
        assert_eq!(id.age_on(date(2024, 12, 31)), Some(75));
        assert_eq!(id.age_on(date(1949, 12, 30)), None);
    }

    #[test]
    fn serde_round_trip_validates() {
        let id = validate_id_number("11010519491231002x").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"11010519491231002X\"");
        let back: IdNumber = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
        assert!(serde_json::from_str::<IdNumber>("\"110105194912310012\"").is_err());
    }

    #[test]
    fn error_messages() {
        let e = validate_id_number("110105194912310012").unwrap_err();
        assert_eq!(
            e.to_string(),
            "身份证号校验位不符（末位应为 1，实际为 2），请核对是否输错"
        );
        assert!(e.message_en().contains("should be 1, is 2"));
        let e = validate_id_number("110105194902300020").unwrap_err();
        assert_eq!(e.to_string(), "身份证号中的出生日期“19490230”不是有效日期");
    }

    #[test]
    fn phone_masking() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone(" 13812345678 "), "138****5678");
        // A landline with area code: first three and last two.
        assert_eq!(mask_phone("0451-86234567"), "045********67");
        assert_eq!(mask_phone("86234567"), "862***67");
        assert_eq!(mask_phone("123456"), "123*56");
        assert_eq!(mask_phone("12345"), "*****");
        assert_eq!(mask_phone(""), "");
        // Eleven characters that are not all digits are not a mobile number.
        assert_eq!(mask_phone("0451-862345"), "045******45");
    }

    #[test]
    fn gender_parsing_and_labels() {
        for s in ["男", " 男 ", "男性", "M", "m", "male", "Male", "MALE"] {
            assert_eq!(Gender::parse(s), Some(Gender::Male), "{s}");
        }
        for s in ["女", "女性", "F", "f", "female", "Female"] {
            assert_eq!(Gender::parse(s), Some(Gender::Female), "{s}");
        }
        for s in ["", "x", "man", "男女"] {
            assert_eq!(Gender::parse(s), None, "{s}");
        }
        assert_eq!("女".parse::<Gender>(), Ok(Gender::Female));
        let e = "未知".parse::<Gender>().unwrap_err();
        assert_eq!(e.to_string(), "性别“未知”无法识别，请填写 男 或 女");
        assert_eq!(Gender::Male.to_string(), "男");
        assert_eq!(Gender::Female.label_zh(), "女");
        assert_eq!(Gender::Female.label_en(), "female");
        let json = serde_json::to_string(&Gender::Female).unwrap();
        assert_eq!(
            serde_json::from_str::<Gender>(&json).unwrap(),
            Gender::Female
        );
    }
}
