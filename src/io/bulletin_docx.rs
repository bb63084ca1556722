//! A bulletin issue as a Word document, for the office to print and file
//! from Word or WPS: the layout of the printed 简报 — the red masthead, the
//! numbers, the office and the date, then each item with its heading, its
//! body indented two characters and its 供稿 line.

use docx_rs::{
    AlignmentType, BorderType, Docx, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Run, RunFonts, SpecialIndentType,
};

use crate::domain::bulletin::{IssueNumber, RenderedItem};
use crate::domain::day::Day;
use crate::error::Error;

/// Sizes are in half-points, as Word counts them.
const MASTHEAD_SIZE: usize = 72;
const NUMBERS_SIZE: usize = 28;
const HEADING_SIZE: usize = 32;
const BODY_SIZE: usize = 28;
/// Two characters of the body's 14 pt, in twentieths of a point.
const TWO_CHARS: i32 = 560;
/// The red of a printed 简报's masthead.
const MASTHEAD_RED: &str = "C00000";

fn body_font() -> RunFonts {
    RunFonts::new()
        .east_asia("宋体")
        .ascii("SimSun")
        .hi_ansi("SimSun")
}

fn heading_font() -> RunFonts {
    RunFonts::new()
        .east_asia("黑体")
        .ascii("SimHei")
        .hi_ansi("SimHei")
}

/// The red rule under the office and date, as printed.
fn red_rule() -> ParagraphBorders {
    ParagraphBorders::with_empty().set(
        ParagraphBorder::new(ParagraphBorderPosition::Bottom)
            .val(BorderType::Single)
            // Eighths of a point: a rule of 1.5 pt.
            .size(12)
            .space(4)
            .color(MASTHEAD_RED),
    )
}

fn text(s: &str, size: usize, fonts: RunFonts) -> Run {
    Run::new().add_text(s).size(size).fonts(fonts)
}

/// The date as the newsletter writes it: 2024年6月3日.
fn date_zh(d: Day) -> String {
    format!(
        "{}年{}月{}日",
        d.year(),
        d.date().format("%-m"),
        d.date().format("%-d")
    )
}

/// The document's bytes.
pub fn render(
    issue: IssueNumber,
    date: Day,
    office: &str,
    items: &[RenderedItem],
) -> Result<Vec<u8>, Error> {
    let mut doc = Docx::new()
        .add_paragraph(
            Paragraph::new()
                .add_run(
                    text("关心下一代工作", MASTHEAD_SIZE, heading_font())
                        .bold()
                        .color(MASTHEAD_RED),
                )
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(text(
                    &format!("（{}）", issue.label_zh()),
                    NUMBERS_SIZE,
                    body_font(),
                ))
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(text(
                    &format!("{office}　　　　{}", date_zh(date)),
                    NUMBERS_SIZE,
                    body_font(),
                ))
                .align(AlignmentType::Center)
                .set_borders(red_rule()),
        )
        .add_paragraph(Paragraph::new());
    for item in items {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(text(item.title.trim(), HEADING_SIZE, heading_font()).bold())
                .align(AlignmentType::Center),
        );
        for para in item.body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            doc = doc.add_paragraph(
                Paragraph::new()
                    .add_run(text(para, BODY_SIZE, body_font()))
                    .indent(
                        None,
                        Some(SpecialIndentType::FirstLine(TWO_CHARS)),
                        None,
                        None,
                    ),
            );
        }
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(text(
                    &format!("（供稿：{}）", item.unit),
                    BODY_SIZE,
                    body_font(),
                ))
                .align(AlignmentType::Right),
        );
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| Error::Io {
        detail: format!("DOCX: {e}"),
    })?;
    Ok(out.into_inner())
}
