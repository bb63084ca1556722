//! The period's rulebook edited in `$EDITOR`, as git edits a commit
//! message: the program gives the terminal to the editor on a temporary
//! file; on return the text is checked and, with a mistake, the editor
//! opens again with the mistakes as `# ggw:` lines at the top (taken off
//! again before the next check). Saving it unchanged or emptying it stores
//! nothing; quitting a reopened file without a change gives up.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::Scores;
use crate::api::scores::{GetRules, PeriodRow, SetRules};
use crate::backend::BackendExt;
use crate::domain::rules::{self, DEFAULT_RULES, RuleError};
use crate::error::Error;
use crate::lang::Lang;
use crate::tui::strings::Text;
use crate::tui::views::{Cx, Status};

/// What begins each note the program puts over the user's text.
pub const NOTE: &str = "# ggw: ";

/// Why a check did not store the text.
pub enum Stop {
    /// Mistakes by line of the text: the editor opens again.
    Mistakes(Vec<RuleError>),
    /// Refused for good (a settled period): said in the status line.
    Refused(String),
}

#[derive(Debug, PartialEq, Eq)]
pub enum EditOutcome<T> {
    /// Saved as it was: nothing stored.
    Unchanged,
    /// Emptied (or only comments left): nothing stored.
    Emptied,
    Stored(T),
    /// A reopened file left as it was: the mistakes still there.
    GaveUp(Vec<RuleError>),
    /// The editor failed, or the text was refused.
    Failed(String),
}

/// `text` without the notes at its top.
pub fn strip_notes(text: &str) -> String {
    let mut rest = text;
    while rest.starts_with(NOTE.trim_end()) {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest.to_string()
}

/// Blank, or nothing but comments.
fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#'))
}

/// `body` under notes naming each mistake, the line numbers moved down by
/// the notes so that they are the lines the editor shows.
pub fn with_notes(body: &str, mistakes: &[RuleError], t: Text) -> String {
    if mistakes.is_empty() {
        return body.to_string();
    }
    let shift = mistakes.len() + 1;
    let mut out = format!("{NOTE}{}\n", t.sc_rules_notes_head(mistakes.len()));
    for m in mistakes {
        let moved = RuleError {
            line: m.line + shift,
            ..m.clone()
        };
        let said = moved.message(t.0).replace('\n', " ");
        out.push_str(&format!("{NOTE}{said}\n"));
    }
    out.push_str(body);
    out
}

fn same(a: &str, b: &str) -> bool {
    a.trim_end() == b.trim_end()
}

/// Edits `original` in `file` with `run` (which opens the editor on it)
/// until `store` takes the text, the user gives up or the editor fails.
pub fn edit_rules<T>(
    original: &str,
    t: Text,
    file: &Path,
    mut run: impl FnMut(&Path) -> Result<(), String>,
    mut store: impl FnMut(&str) -> Result<T, Stop>,
) -> EditOutcome<T> {
    let mut mistakes: Vec<RuleError> = Vec::new();
    let mut body = original.to_string();
    loop {
        let shown = with_notes(&body, &mistakes, t);
        if let Err(e) = std::fs::write(file, &shown) {
            return EditOutcome::Failed(e.to_string());
        }
        if let Err(why) = run(file) {
            return EditOutcome::Failed(why);
        }
        let edited = match std::fs::read_to_string(file) {
            Ok(s) => s,
            Err(e) => return EditOutcome::Failed(e.to_string()),
        };
        let next = strip_notes(&edited);
        if is_blank(&next) {
            return EditOutcome::Emptied;
        }
        if !mistakes.is_empty() && same(&next, &body) {
            return EditOutcome::GaveUp(mistakes);
        }
        if same(&next, original) {
            return EditOutcome::Unchanged;
        }
        body = next;
        if let Err(found) = rules::parse(&body) {
            mistakes = found;
            continue;
        }
        match store(&body) {
            Ok(stored) => return EditOutcome::Stored(stored),
            Err(Stop::Mistakes(found)) => mistakes = found,
            Err(Stop::Refused(why)) => return EditOutcome::Failed(why),
        }
    }
}

/// The editor the user asked for, as git finds it in the end: `$EDITOR`,
/// else vi.
fn editor() -> String {
    std::env::var("EDITOR")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Runs the editor on `file` through the shell, so that `EDITOR="code -w"`
/// works as it does for git.
fn run_editor(file: &Path) -> Result<(), String> {
    let editor = editor();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(file)
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(status.to_string())
    }
}

/// A new file of our own in the temporary directory, ending in `.toml` so
/// that editors colour it.
fn temp_file() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    for n in 0..100u32 {
        let path = dir.join(format!("ggw-rules-{}-{stamp}-{n}.toml", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.flush()?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no temporary file"))
}

impl Scores {
    /// The rulebook key: refused at once for a settled period, else the
    /// terminal is asked for.
    pub(super) fn ask_editor(&mut self, cx: &mut Cx) {
        if let Some(s) = self.standings.as_ref().filter(|s| s.settled) {
            let e = Error::PeriodSettled {
                name: s.period.name.clone(),
            };
            *cx.status = Status::error(e.message(cx.text.0));
            return;
        }
        self.wants_editor = true;
    }

    /// With the terminal given back: the rulebook edited until it is good
    /// and stored, or left.
    pub(super) fn edit_in_editor(&mut self, cx: &mut Cx) {
        let t = cx.text;
        let original = match cx.backend.run(GetRules {
            period: self.period_name(),
        }) {
            Ok(r) => r.text,
            // No rulebook at all yet: the shipped example, moved to this year.
            Err(_) if self.periods.is_empty() => {
                use chrono::Datelike;
                let year = chrono::Local::now().year();
                rules::moved_to_year(DEFAULT_RULES, year)
                    .unwrap_or_else(|_| DEFAULT_RULES.to_string())
            }
            Err(e) => {
                *cx.status = Status::error(e.message(t.0));
                return;
            }
        };
        let file = match temp_file() {
            Ok(f) => f,
            Err(e) => {
                *cx.status = Status::error(t.sc_editor_failed(&editor(), &e.to_string()));
                return;
            }
        };
        let backend = cx.backend;
        let lang: Lang = t.0;
        let outcome = edit_rules(&original, t, &file, run_editor, |text| {
            backend
                .run(SetRules {
                    period: None,
                    text: text.to_string(),
                })
                .map_err(|e| match e {
                    Error::BadRules { errors } => Stop::Mistakes(errors),
                    e => Stop::Refused(e.message(lang)),
                })
        });
        let _ = std::fs::remove_file(&file);
        self.after_edit(outcome, cx);
    }

    fn after_edit(&mut self, outcome: EditOutcome<PeriodRow>, cx: &mut Cx) {
        let t = cx.text;
        *cx.status = match outcome {
            EditOutcome::Unchanged => Status::info(t.sc_rules_unchanged()),
            EditOutcome::Emptied => Status::info(t.sc_rules_emptied()),
            EditOutcome::Stored(row) => {
                self.period = Some(row.name.clone());
                self.refresh(cx);
                Status::info(t.sc_rules_stored(&row.name, row.version))
            }
            EditOutcome::GaveUp(errors) => Status::error(Error::BadRules { errors }.message(t.0)),
            EditOutcome::Failed(why) => Status::error(t.sc_editor_failed(&editor(), &why)),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "name = \"2025年度考核细则\"\nfrom = 2025-01-01\nto = 2025-12-31\n\n[[block]]\nname = \"信息工作\"\nmax = 20\n\n[[block.item]]\nname = \"信息被市级采用\"\ncounts = \"info-adopted\"\npoints = 4\n";

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn notes_are_taken_off_the_top_only() {
        let shown = "# ggw: two mistakes\n# ggw: line 4: x\n# mine\nname = 1\n# ggw: kept\n";
        assert_eq!(strip_notes(shown), "# mine\nname = 1\n# ggw: kept\n");
        assert_eq!(strip_notes("# ggw: only"), "");
    }

    #[test]
    fn a_mistake_reopens_the_editor_with_it_at_the_top_and_lines_as_shown() {
        let d = dir();
        let file = d.path().join("r.toml");
        let t = Text(Lang::En);
        // The user breaks the count on line 11, then fixes it.
        let broken = GOOD.replace("info-adopted", "info-adoptd");
        let mut seen = Vec::new();
        let mut round = 0;
        let outcome = edit_rules(
            "",
            t,
            &file,
            |f| {
                seen.push(std::fs::read_to_string(f).unwrap());
                round += 1;
                let text = if round == 1 {
                    broken.clone()
                } else {
                    // The notes kept at the top, the mistake fixed.
                    std::fs::read_to_string(f)
                        .unwrap()
                        .replace("info-adoptd", "info-adopted")
                };
                std::fs::write(f, text).unwrap();
                Ok(())
            },
            |text| Ok::<_, Stop>(text.to_string()),
        );
        assert_eq!(outcome, EditOutcome::Stored(GOOD.to_string()));
        assert_eq!(seen.len(), 2);
        let notes: Vec<&str> = seen[1]
            .lines()
            .take_while(|l| l.starts_with("# ggw:"))
            .collect();
        // One mistake: the head and one line. Line 11 of the text is line 13
        // of the file with the two notes over it.
        assert_eq!(notes.len(), 2, "{}", seen[1]);
        assert!(notes[1].starts_with("# ggw: line 13:"), "{}", notes[1]);
        assert_eq!(seen[1].lines().nth(12), Some("counts = \"info-adoptd\""));
    }

    #[test]
    fn unchanged_emptied_and_given_up_store_nothing() {
        let d = dir();
        let file = d.path().join("r.toml");
        let t = Text(Lang::Zh);
        let never = |_: &str| -> Result<(), Stop> { panic!("nothing is stored") };
        let leave = |_: &Path| Ok(());
        assert_eq!(
            edit_rules(GOOD, t, &file, leave, never),
            EditOutcome::Unchanged
        );
        let empty = |f: &Path| {
            std::fs::write(f, "# all gone\n\n").unwrap();
            Ok(())
        };
        assert_eq!(
            edit_rules(GOOD, t, &file, empty, never),
            EditOutcome::Emptied
        );
        // Broken once, then quit without saving: the mistakes are given back.
        let mut round = 0;
        let outcome = edit_rules(
            GOOD,
            t,
            &file,
            |f| {
                round += 1;
                if round == 1 {
                    std::fs::write(f, GOOD.replace("points = 4", "points = \"x\"")).unwrap();
                }
                Ok(())
            },
            never,
        );
        match outcome {
            EditOutcome::GaveUp(e) => assert_eq!(e[0].line, 12, "{e:?}"),
            o => panic!("{o:?}"),
        }
        assert_eq!(
            edit_rules(GOOD, t, &file, |_| Err("exit status: 1".into()), never),
            EditOutcome::Failed("exit status: 1".into())
        );
    }

    #[test]
    fn a_refusal_by_the_service_ends_the_edit_and_its_mistakes_reopen_it() {
        let d = dir();
        let file = d.path().join("r.toml");
        let t = Text(Lang::Zh);
        let changed = GOOD.replace("points = 4", "points = 5");
        let write = |f: &Path| {
            let now = std::fs::read_to_string(f).unwrap();
            if !now.contains("points = 5") {
                std::fs::write(f, &changed).unwrap();
            }
            Ok(())
        };
        let outcome = edit_rules(GOOD, t, &file, write, |_| {
            Err::<(), _>(Stop::Refused("已兑现".into()))
        });
        assert_eq!(outcome, EditOutcome::Failed("已兑现".into()));
        // The service finds a mistake the parser let by: reopened with it;
        // quitting then gives up.
        let outcome = edit_rules(GOOD, t, &file, write, |_| {
            Err::<(), _>(Stop::Mistakes(vec![RuleError {
                line: 2,
                zh: "考核期与所选不符".into(),
                en: "not the period".into(),
            }]))
        });
        match outcome {
            EditOutcome::GaveUp(e) => assert_eq!(e[0].zh, "考核期与所选不符"),
            o => panic!("{o:?}"),
        }
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .contains("# ggw: 第4行：考核期与所选不符")
        );
    }
}
