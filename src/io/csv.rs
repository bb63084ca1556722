//! CSV as exported by Excel, WPS and the usual office tools (RFC 4180), read
//! whole from bytes, plus mapping a header row onto canonical column names
//! and writing CSV that those tools open with Chinese intact.
//!
//! Reading is lenient where office tools are (a stray quote inside an
//! unquoted field is kept literally) and strict where silence would lose data
//! (an unterminated quote, a file that is not UTF-8).

use std::fmt;

const BOM: &str = "\u{FEFF}";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// 1-based line of the file on which the row starts; quoted fields may
    /// carry it over several lines.
    pub line: usize,
    pub fields: Vec<String>,
}

impl CsvRow {
    /// True when every field is empty or whitespace: spreadsheets export
    /// formatted-but-empty rows as `,,,`.
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gbk,
    Utf16,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// `line` is where the first undecodable byte is.
    NotUtf8 { line: usize, guess: Encoding },
    /// `line` is where the quoted field opened.
    UnterminatedQuote { line: usize },
}

impl CsvError {
    pub fn message_en(&self) -> String {
        match self {
            CsvError::NotUtf8 {
                guess: Encoding::Gbk,
                ..
            } => "the file appears to be GBK-encoded; save it as UTF-8 (CSV) or XLSX and import again".to_string(),
            CsvError::NotUtf8 {
                guess: Encoding::Utf16,
                ..
            } => "the file is UTF-16 (Excel's \"Unicode text\"); save it as UTF-8 (CSV) or XLSX and import again".to_string(),
            CsvError::NotUtf8 { line, .. } => format!(
                "line {line} is not valid UTF-8; the file must be saved as UTF-8 (CSV), or use XLSX"
            ),
            CsvError::UnterminatedQuote { line } => format!(
                "the quoted field opened on line {line} is never closed (missing \")"
            ),
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::NotUtf8 {
                guess: Encoding::Gbk,
                ..
            } => f.write_str("文件似乎是 GBK 编码，请另存为 UTF-8（CSV）或 XLSX 后再导入"),
            CsvError::NotUtf8 {
                guess: Encoding::Utf16,
                ..
            } => f.write_str(
                "文件是 UTF-16 编码（Excel 的“Unicode 文本”），请另存为 UTF-8（CSV）或 XLSX 后再导入",
            ),
            CsvError::NotUtf8 { line, .. } => write!(
                f,
                "第 {line} 行不是有效的 UTF-8 文本：文件须保存为 UTF-8 编码的 CSV，或改用 XLSX"
            ),
            CsvError::UnterminatedQuote { line } => {
                write!(f, "第 {line} 行开始的引号字段没有结束（缺少 \"）")
            }
        }
    }
}

impl std::error::Error for CsvError {}

/// Reads a whole CSV file. A UTF-8 byte order mark is skipped; lines that are
/// completely empty are skipped too (their numbers still count).
pub fn read_csv(bytes: &[u8]) -> Result<Vec<CsvRow>, CsvError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(CsvError::NotUtf8 {
            line: 1,
            guess: Encoding::Utf16,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => read_csv_str(text),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            let guess = if looks_like_gbk(bytes) {
                Encoding::Gbk
            } else {
                Encoding::Unknown
            };
            Err(CsvError::NotUtf8 { line, guess })
        }
    }
}

/// As `read_csv`, for text already decoded.
pub fn read_csv_str(text: &str) -> Result<Vec<CsvRow>, CsvError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut rows = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;

    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut row_line = 1;
    // A quote opens a quoted field only as the first character of a field;
    // anywhere else it is kept literally, as office tools do.
    let mut at_field_start = true;
    // Distinguishes an empty line (skipped) from a row of one empty quoted
    // field (`""`), which is data.
    let mut row_has_content = false;

    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                row_has_content = true;
                at_field_start = false;
                let open_line = line;
                loop {
                    match chars.next() {
                        None => return Err(CsvError::UnterminatedQuote { line: open_line }),
                        Some('"') => {
                            if chars.peek() == Some(&'"') {
                                chars.next();
                                field.push('"');
                            } else {
                                break;
                            }
                        }
                        Some('\r') => {
                            // CRLF inside quotes is one line break; keep it as
                            // written so the value round-trips.
                            if chars.peek() == Some(&'\n') {
                                chars.next();
                                field.push_str("\r\n");
                            } else {
                                field.push('\r');
                            }
                            line += 1;
                        }
                        Some('\n') => {
                            field.push('\n');
                            line += 1;
                        }
                        Some(other) => field.push(other),
                    }
                }
                // Characters after the closing quote and before the next
                // comma are kept, as Excel does with `"ab"c`.
            }
            ',' => {
                row_has_content = true;
                at_field_start = true;
                fields.push(std::mem::take(&mut field));
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                if row_has_content {
                    fields.push(std::mem::take(&mut field));
                    rows.push(CsvRow {
                        line: row_line,
                        fields: std::mem::take(&mut fields),
                    });
                }
                row_has_content = false;
                at_field_start = true;
                line += 1;
                row_line = line;
            }
            other => {
                row_has_content = true;
                at_field_start = false;
                field.push(other);
            }
        }
    }
    if row_has_content {
        fields.push(field);
        rows.push(CsvRow {
            line: row_line,
            fields,
        });
    }
    Ok(rows)
}

/// Heuristic for "saved from Chinese Excel/WPS with the default ANSI code
/// page": most non-ASCII bytes form GBK pairs (lead 0x81–0xFE, trail
/// 0x40–0xFE except 0x7F), or GB 18030 four-byte sequences.
///
/// UTF-8 Chinese also splits into such pairs, so a file must first be mostly
/// invalid as UTF-8; a UTF-8 file with one damaged byte is not called GBK.
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let (mut utf8_ok, mut utf8_bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        utf8_ok += chunk.valid().bytes().filter(|b| !b.is_ascii()).count();
        utf8_bad += chunk.invalid().len();
    }
    if utf8_bad < utf8_ok {
        return false;
    }

    let mut paired = 0usize;
    let mut stray = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied();
        match (b, next) {
            (0x81..=0xFE, Some(0x30..=0x39))
                if matches!(bytes.get(i + 2), Some(0x81..=0xFE))
                    && matches!(bytes.get(i + 3), Some(0x30..=0x39)) =>
            {
                paired += 4;
                i += 4;
            }
            (0x81..=0xFE, Some(t)) if (0x40..=0xFE).contains(&t) && t != 0x7F => {
                paired += 2;
                i += 2;
            }
            _ => {
                stray += 1;
                i += 1;
            }
        }
    }
    paired > 0 && stray * 10 <= paired
}

/// A column mapped to canonical names; built from the header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Canonical name per column, `None` for unknown or blank headers.
    columns: Vec<Option<String>>,
    unknown: Vec<UnknownColumn>,
    duplicates: Vec<DuplicateColumn>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownColumn {
    /// 0-based column index.
    pub index: usize,
    pub name: String,
}

/// Two columns meaning the same thing (`姓名` and `name`): the first is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateColumn {
    pub canonical: String,
    /// 0-based column indices, in file order; the first one wins.
    pub indices: Vec<usize>,
}

impl Header {
    /// Maps each header cell to a canonical name.
    ///
    /// `aliases` lists, per canonical name, the spellings accepted besides the
    /// canonical name itself. Matching ignores letter case, whitespace, `_`,
    /// `-`, full-width vs half-width brackets, and the `*` that templates put
    /// on required columns, so `*身份证号`, `ID number` and `id_number` can all
    /// map to one column. Blank header cells (trailing columns Excel leaves
    /// behind) are ignored, not reported.
    pub fn from_row(row: &[String], aliases: &[(&str, &[&str])]) -> Header {
        let mut columns = Vec::with_capacity(row.len());
        let mut unknown = Vec::new();
        let mut duplicates: Vec<DuplicateColumn> = Vec::new();
        let mut seen: Vec<(&str, usize)> = Vec::new();

        for (index, cell) in row.iter().enumerate() {
            let key = header_key(cell);
            if key.is_empty() {
                columns.push(None);
                continue;
            }
            let found = aliases.iter().find(|(canonical, spellings)| {
                header_key(canonical) == key || spellings.iter().any(|s| header_key(s) == key)
            });
            let Some(&(canonical, _)) = found else {
                unknown.push(UnknownColumn {
                    index,
                    name: cell.trim().to_string(),
                });
                columns.push(None);
                continue;
            };
            if let Some(&(_, first)) = seen.iter().find(|(c, _)| *c == canonical) {
                match duplicates.iter_mut().find(|d| d.canonical == canonical) {
                    Some(d) => d.indices.push(index),
                    None => duplicates.push(DuplicateColumn {
                        canonical: canonical.to_string(),
                        indices: vec![first, index],
                    }),
                }
                columns.push(None);
            } else {
                seen.push((canonical, index));
                columns.push(Some(canonical.to_string()));
            }
        }
        Header {
            columns,
            unknown,
            duplicates,
        }
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    pub fn index_of(&self, canonical: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.as_deref() == Some(canonical))
    }

    pub fn canonical_at(&self, index: usize) -> Option<&str> {
        self.columns.get(index).and_then(|c| c.as_deref())
    }

    pub fn has(&self, canonical: &str) -> bool {
        self.index_of(canonical).is_some()
    }

    /// Header cells that matched no canonical name, for the import report.
    pub fn unknown(&self) -> &[UnknownColumn] {
        &self.unknown
    }

    pub fn duplicates(&self) -> &[DuplicateColumn] {
        &self.duplicates
    }

    /// The canonical names from `required` that no column maps to.
    pub fn missing<'r>(&self, required: &[&'r str]) -> Vec<&'r str> {
        required.iter().copied().filter(|r| !self.has(r)).collect()
    }

    /// The cell of `row` under `canonical`, trimmed; `None` if there is no
    /// such column or the row is shorter than the header.
    pub fn get<'r>(&self, row: &'r [String], canonical: &str) -> Option<&'r str> {
        let index = self.index_of(canonical)?;
        row.get(index).map(|s| s.trim())
    }
}

fn header_key(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '＊' | '\u{FEFF}'))
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '\u{FEFF}'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            // Full-width Latin letters, as typed in full-width IME mode.
            'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(u32::from(c) - 0xFEE0)
                .unwrap_or(c)
                .to_ascii_lowercase(),
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Whether a spreadsheet opening the CSV would take this cell for a
/// formula (and run it). Excel and WPS on Chinese systems read a fullwidth
/// ＝ ＋ － ＠ as the ASCII sign; a leading tab or carriage return is
/// skipped before the sign is looked for.
pub fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ])
}

/// Writes rows as CSV with CRLF line ends, quoting a field only when it
/// contains a comma, a quote or a line break.
///
/// `with_bom` prepends a UTF-8 byte order mark: without it Excel and WPS on
/// Chinese Windows decode the file as GBK and show garbage.
pub fn write_csv<R, F>(rows: impl IntoIterator<Item = R>, with_bom: bool) -> String
where
    R: AsRef<[F]>,
    F: AsRef<str>,
{
    let mut out = String::new();
    if with_bom {
        out.push_str(BOM);
    }
    for row in rows {
        for (i, field) in row.as_ref().iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let field = field.as_ref();
            if field.contains([',', '"', '\r', '\n']) {
                out.push('"');
                out.push_str(&field.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(field);
            }
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(rows: &[CsvRow]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.fields.iter().map(String::as_str).collect())
            .collect()
    }

    fn lines(rows: &[CsvRow]) -> Vec<usize> {
        rows.iter().map(|r| r.line).collect()
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn plain_rows_lf_and_crlf() {
        for text in [
            "姓名,性别\n张三,男\n李四,女\n",
            "姓名,性别\r\n张三,男\r\n李四,女\r\n",
        ] {
            let rows = read_csv(text.as_bytes()).unwrap();
            assert_eq!(
                fields(&rows),
                [vec!["姓名", "性别"], vec!["张三", "男"], vec!["李四", "女"]]
            );
            assert_eq!(lines(&rows), [1, 2, 3]);
        }
    }

    #[test]
    fn last_row_without_newline() {
        let rows = read_csv(b"a,b\n1,2").unwrap();
        assert_eq!(fields(&rows), [vec!["a", "b"], vec!["1", "2"]]);
    }

    #[test]
    fn quotes_commas_and_doubled_quotes() {
        let rows = read_csv("\"王,五\",\"他说\"\"好\"\"\",\"\",x\n".as_bytes()).unwrap();
        assert_eq!(fields(&rows), [vec!["王,五", "他说\"好\"", "", "x"]]);
    }

    #[test]
    fn embedded_newlines_keep_line_numbers() {
        let text =
            "姓名,备注\r\n张三,\"第一行\r\n第二行\r\n第三行\"\r\n李四,无\r\n\"赵\n六\",x\n钱七,y\n";
        let rows = read_csv(text.as_bytes()).unwrap();
        assert_eq!(
            fields(&rows),
            [
                vec!["姓名", "备注"],
                vec!["张三", "第一行\r\n第二行\r\n第三行"],
                vec!["李四", "无"],
                vec!["赵\n六", "x"],
                vec!["钱七", "y"],
            ]
        );
        // 张三's record spans lines 2–4, so 李四 is on line 5; 赵六 spans 6–7.
        assert_eq!(lines(&rows), [1, 2, 5, 6, 8]);
    }

    #[test]
    fn empty_fields_and_blank_lines() {
        let rows = read_csv(b"a,,c\n\n,,\n\"\"\n\r\nz\n").unwrap();
        assert_eq!(
            fields(&rows),
            [vec!["a", "", "c"], vec!["", "", ""], vec![""], vec!["z"]]
        );
        assert_eq!(lines(&rows), [1, 3, 4, 6]);
        assert!(rows[1].is_blank());
        assert!(!rows[0].is_blank());
    }

    #[test]
    fn bom_skipped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("姓名\n张三\n".as_bytes());
        let rows = read_csv(&bytes).unwrap();
        assert_eq!(fields(&rows), [vec!["姓名"], vec!["张三"]]);
    }

    #[test]
    fn lenient_stray_quotes() {
        let rows = read_csv(b"ab\"c,\"x\"y,3\n").unwrap();
        assert_eq!(fields(&rows), [vec!["ab\"c", "xy", "3"]]);
        // An empty quoted field followed by text: the later quote is literal.
        let rows = read_csv(b"\"\"a\"b,\"\"\"\"\n").unwrap();
        assert_eq!(fields(&rows), [vec!["a\"b", "\""]]);
    }

    #[test]
    fn unterminated_quote_reports_its_line() {
        let err = read_csv(b"a,b\n1,2\n3,\"open\nstill open\n").unwrap_err();
        assert_eq!(err, CsvError::UnterminatedQuote { line: 3 });
        assert_eq!(err.to_string(), "第 3 行开始的引号字段没有结束（缺少 \"）");
        assert!(err.message_en().contains("line 3"));
    }

    #[test]
    fn gbk_detected() {
        // GBK: 姓名 = D0 D5 C3 FB, 张三 = D5 C5 C8 FD.
        let mut bytes = vec![0xD0, 0xD5, 0xC3, 0xFB, b'\r', b'\n'];
        bytes.extend_from_slice(&[0xD5, 0xC5, 0xC8, 0xFD, b'\r', b'\n']);
        let err = read_csv(&bytes).unwrap_err();
        assert_eq!(
            err,
            CsvError::NotUtf8 {
                line: 1,
                guess: Encoding::Gbk
            }
        );
        assert_eq!(
            err.to_string(),
            "文件似乎是 GBK 编码，请另存为 UTF-8（CSV）或 XLSX 后再导入"
        );
    }

    #[test]
    fn gbk_detected_after_ascii_lines() {
        // B3 C5 C8 FD is 撑三 in GBK: any lead/trail pairs count, whatever
        // the characters.
        let mut bytes = b"name\n".to_vec();
        bytes.extend_from_slice(&[0xB3, 0xC5, 0xC8, 0xFD, b'\n']);
        assert_eq!(
            read_csv(&bytes),
            Err(CsvError::NotUtf8 {
                line: 2,
                guess: Encoding::Gbk
            })
        );
    }

    #[test]
    fn other_invalid_utf8() {
        // Lone continuation bytes: neither UTF-8 nor GBK pairs.
        let bytes = b"a,b\n1,2\n\x80\x80\x80\x80\n";
        let err = read_csv(bytes).unwrap_err();
        assert_eq!(
            err,
            CsvError::NotUtf8 {
                line: 3,
                guess: Encoding::Unknown
            }
        );
        assert!(err.to_string().contains("第 3 行"));
        assert!(err.to_string().contains("UTF-8"));
        assert!(err.to_string().contains("XLSX"));
    }

    #[test]
    fn gbk_file_with_pairs_that_happen_to_be_utf8() {
        // "姓名,性别,联系电话\r\n张三,男,13812345678\r\n李四,女,13900001111\r\n"
        // in GBK; 系 (CF B5) and 女 (C5 AE) are also well-formed UTF-8 pairs.
        let bytes = [
            0xD0, 0xD5, 0xC3, 0xFB, 0x2C, 0xD0, 0xD4, 0xB1, 0xF0, 0x2C, 0xC1, 0xAA, 0xCF, 0xB5,
            0xB5, 0xE7, 0xBB, 0xB0, 0x0D, 0x0A, 0xD5, 0xC5, 0xC8, 0xFD, 0x2C, 0xC4, 0xD0, 0x2C,
            0x31, 0x33, 0x38, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x0D, 0x0A, 0xC0,
            0xEE, 0xCB, 0xC4, 0x2C, 0xC5, 0xAE, 0x2C, 0x31, 0x33, 0x39, 0x30, 0x30, 0x30, 0x30,
            0x31, 0x31, 0x31, 0x31, 0x0D, 0x0A,
        ];
        assert_eq!(
            read_csv(&bytes),
            Err(CsvError::NotUtf8 {
                line: 1,
                guess: Encoding::Gbk
            })
        );
    }

    #[test]
    fn damaged_utf8_is_not_called_gbk() {
        let mut bytes = "姓名,备注\n张三,老党员\n李四,".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice("退休教师\n".as_bytes());
        assert_eq!(
            read_csv(&bytes),
            Err(CsvError::NotUtf8 {
                line: 3,
                guess: Encoding::Unknown
            })
        );
    }

    #[test]
    fn utf16_detected() {
        let bytes = [0xFF, 0xFE, b'a', 0, b'\n', 0];
        let err = read_csv(&bytes).unwrap_err();
        assert_eq!(
            err,
            CsvError::NotUtf8 {
                line: 1,
                guess: Encoding::Utf16
            }
        );
        assert!(err.to_string().contains("UTF-16"));
    }

    const ALIASES: &[(&str, &[&str])] = &[
        ("name", &["姓名", "名字"]),
        ("id_number", &["身份证号", "身份证号码", "ID number"]),
        ("phone", &["电话", "联系电话", "手机"]),
        ("gender", &["性别", "sex"]),
    ];

    #[test]
    fn header_maps_aliases() {
        let row = strings(&[
            "\u{FEFF}*姓名",
            " 身份证号码 ",
            "ID Number",
            "籍贯",
            "联系电话（手机）",
            "PHONE",
            "",
            "Sex",
        ]);
        let h = Header::from_row(&row, ALIASES);
        assert_eq!(h.len(), 8);
        assert_eq!(h.index_of("name"), Some(0));
        assert_eq!(h.index_of("id_number"), Some(1));
        assert_eq!(h.canonical_at(2), None);
        assert_eq!(h.index_of("phone"), Some(5));
        assert_eq!(h.index_of("gender"), Some(7));
        assert_eq!(
            h.unknown(),
            [
                UnknownColumn {
                    index: 3,
                    name: "籍贯".into()
                },
                UnknownColumn {
                    index: 4,
                    name: "联系电话（手机）".into()
                },
            ]
        );
        assert_eq!(
            h.duplicates(),
            [DuplicateColumn {
                canonical: "id_number".into(),
                indices: vec![1, 2]
            }]
        );
        assert_eq!(
            h.missing(&["name", "id_number", "birth_date"]),
            ["birth_date"]
        );

        let data = strings(&["  张三 ", "11010519491231002X"]);
        assert_eq!(h.get(&data, "name"), Some("张三"));
        assert_eq!(h.get(&data, "id_number"), Some("11010519491231002X"));
        assert_eq!(h.get(&data, "phone"), None);
        assert_eq!(h.get(&data, "nonexistent"), None);
    }

    #[test]
    fn header_key_normalisation() {
        assert_eq!(header_key(" ＊Ｉｄ_Number "), "idnumber");
        assert_eq!(header_key("出生日期（年月日）"), "出生日期(年月日)");
    }

    #[test]
    fn writer_quotes_only_when_needed() {
        let rows = vec![
            vec!["姓名", "备注"],
            vec!["张三", "爱好：下棋, 书法"],
            vec!["李四", "说\"好\""],
            vec!["王五", "两行\n文字"],
            vec!["", " 空格 "],
        ];
        let out = write_csv(&rows, false);
        assert_eq!(
            out,
            "姓名,备注\r\n张三,\"爱好：下棋, 书法\"\r\n李四,\"说\"\"好\"\"\"\r\n王五,\"两行\n文字\"\r\n, 空格 \r\n"
        );
        let with_bom = write_csv(&rows, true);
        assert!(with_bom.starts_with('\u{FEFF}'));
        assert_eq!(with_bom.as_bytes()[..3], [0xEF, 0xBB, 0xBF]);
    }

    #[test]
    fn formula_signs_ascii_and_fullwidth() {
        for cell in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-1",
            "@SUM(A1)",
            "＝HYPERLINK(\"http://x\")",
            "＋1",
            "－1",
            "＠SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert!(looks_like_formula(cell), "{cell:?}");
        }
        for cell in ["张三", "1955-03-08", "", "a=b", "（＝）", "·"] {
            assert!(!looks_like_formula(cell), "{cell:?}");
        }
    }

    #[test]
    fn write_then_read_round_trips() {
        let rows: Vec<Vec<String>> = vec![
            strings(&["a", "b,c", "d\"e"]),
            strings(&["多\r\n行", "", "x"]),
            strings(&["最后"]),
        ];
        let text = write_csv(&rows, true);
        let back = read_csv(text.as_bytes()).unwrap();
        let got: Vec<Vec<String>> = back.into_iter().map(|r| r.fields).collect();
        assert_eq!(got, rows);
    }
}
