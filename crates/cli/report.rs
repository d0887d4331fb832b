//! Where diagnostics go: rendered for people, or collected and printed as JSON or SARIF for
//! tools (documented in docs/cli.md).

use miette::{Diagnostic, NamedSource};
use serde::Serialize;
use serde_sarif::sarif;

use crate::diagnostics::{self, Style};
use crate::error::CliError;
use crate::input::SourceFile;

/// How `check` and `test` report diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// Rendered for people, with the source lines they point at.
    Human,
    /// A JSON array with one object per diagnostic.
    Json,
    /// SARIF 2.1.0, for code hosts that annotate pull requests.
    Sarif,
}

/// Collects the diagnostics of a run, counting errors and warnings.
pub(crate) struct Reporter {
    format: ReportFormat,
    style: Style,
    /// The errors reported so far.
    pub(crate) errors: usize,
    /// The warnings reported so far.
    pub(crate) warnings: usize,
    rendered: String,
    found: Vec<Found>,
    /// The source of the file reported on last, kept so that it is not copied again for
    /// every diagnostic of the same file.
    source: Option<(std::path::PathBuf, NamedSource<String>)>,
}

impl Reporter {
    /// A reporter with nothing reported yet.
    pub(crate) fn new(format: ReportFormat, style: Style) -> Reporter {
        Reporter {
            format,
            style,
            errors: 0,
            warnings: 0,
            rendered: String::new(),
            found: Vec::new(),
            source: None,
        }
    }

    /// The colour style of rendered output.
    pub(crate) fn style(&self) -> Style {
        self.style
    }

    /// Whether diagnostics are rendered for people.
    pub(crate) fn is_human(&self) -> bool {
        self.format == ReportFormat::Human
    }

    /// Reports `diagnostic`, which points into `file`.
    pub(crate) fn report(&mut self, diagnostic: &dyn Diagnostic, file: &SourceFile) {
        if diagnostic.severity() == Some(miette::Severity::Warning) {
            self.warnings += 1;
        } else {
            self.errors += 1;
        }
        match self.format {
            ReportFormat::Human => {
                let cached = self.source.as_ref().is_some_and(|(path, _)| *path == file.path);
                if !cached {
                    self.source = Some((file.path.clone(), diagnostics::named_source(file)));
                }
                if let Some((_, source)) = &self.source {
                    self.rendered.push_str(&diagnostics::render(diagnostic, source, self.style));
                    self.rendered.push('\n');
                }
            }
            ReportFormat::Json | ReportFormat::Sarif => {
                self.found.push(Found::of(diagnostic, file))
            }
        }
    }

    /// The diagnostics rendered for people since the last call; empty for JSON and SARIF.
    pub(crate) fn take_rendered(&mut self) -> String {
        std::mem::take(&mut self.rendered)
    }

    /// Prints the collected diagnostics as JSON or SARIF on standard output.
    pub(crate) fn finish(self) -> Result<(), CliError> {
        let mut out = std::io::stdout().lock();
        match self.format {
            ReportFormat::Human => return Ok(()),
            ReportFormat::Json => serde_json::to_writer_pretty(&mut out, &self.found)?,
            ReportFormat::Sarif => serde_json::to_writer_pretty(&mut out, &to_sarif(&self.found))?,
        }
        std::io::Write::write_all(&mut out, b"\n")?;
        Ok(())
    }
}

/// One diagnostic as tools see it.
#[derive(Debug, Serialize)]
struct Found {
    /// The stable code, such as `stroom::flow::cycle`.
    code: String,
    /// `error` or `warning`.
    severity: &'static str,
    /// The message.
    message: String,
    /// How to fix it.
    help: Option<String>,
    /// The file, as given on the command line or found in a folder.
    file: String,
    /// Where the primary label points, or the start of the file.
    #[serde(flatten)]
    place: Place,
    /// Every label, the primary one first.
    labels: Vec<Label>,
}

/// A labelled place.
#[derive(Debug, Serialize)]
struct Label {
    /// What the label says.
    message: Option<String>,
    /// Where it points.
    #[serde(flatten)]
    place: Place,
}

/// A place in a file: line and column from 1 (columns count characters), and the byte span.
#[derive(Clone, Copy, Debug, Serialize)]
struct Place {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
}

impl Found {
    fn of(diagnostic: &dyn Diagnostic, file: &SourceFile) -> Found {
        let labels: Vec<Label> = diagnostic
            .labels()
            .into_iter()
            .flatten()
            .map(|label| {
                let start = label.offset();
                let place = Place::of(&file.text, start, start + label.len());
                Label { message: label.label().map(str::to_string), place }
            })
            .collect();
        let place = labels.first().map_or(Place::of(&file.text, 0, 0), |label| label.place);
        let warning = diagnostic.severity() == Some(miette::Severity::Warning);
        Found {
            code: diagnostic.code().map_or_else(String::new, |code| code.to_string()),
            severity: if warning { "warning" } else { "error" },
            message: diagnostic.to_string(),
            help: diagnostic.help().map(|help| help.to_string()),
            file: file.path.display().to_string(),
            place,
            labels,
        }
    }
}

impl Place {
    /// The place of the bytes `start..end` of `text`.
    fn of(text: &str, start: usize, end: usize) -> Place {
        let (line, column) = line_and_column(text, start);
        let (end_line, end_column) = line_and_column(text, end);
        Place { line, column, end_line, end_column, start, end }
    }
}

/// The line and column, both from 1, of byte `offset` of `text`. Columns count characters;
/// a byte-order mark is not counted.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column_text = before.get(line_start..).unwrap_or_default();
    let column = column_text.chars().filter(|&c| c != '\u{feff}').count() + 1;
    (line, column)
}

/// The diagnostics as a SARIF 2.1.0 log with one run.
fn to_sarif(found: &[Found]) -> sarif::Sarif {
    let mut codes: Vec<&str> = found.iter().map(|found| found.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<sarif::ReportingDescriptor> =
        codes.iter().map(|code| sarif::ReportingDescriptor::builder().id(*code).build()).collect();

    let results: Vec<sarif::Result> = found
        .iter()
        .map(|found| {
            let level = if found.severity == "warning" {
                sarif::ResultLevel::Warning
            } else {
                sarif::ResultLevel::Error
            };
            let text = match &found.help {
                Some(help) => format!("{}\nhelp: {help}", found.message),
                None => found.message.clone(),
            };
            let region = sarif::Region::builder()
                .start_line(as_i64(found.place.line))
                .start_column(as_i64(found.place.column))
                .end_line(as_i64(found.place.end_line))
                .end_column(as_i64(found.place.end_column))
                .byte_offset(as_i64(found.place.start))
                .byte_length(as_i64(found.place.end.saturating_sub(found.place.start)))
                .build();
            let location = sarif::Location::builder()
                .physical_location(
                    sarif::PhysicalLocation::builder()
                        .artifact_location(
                            sarif::ArtifactLocation::builder().uri(found.file.clone()).build(),
                        )
                        .region(region)
                        .build(),
                )
                .build();
            let rule_index = codes.iter().position(|code| *code == found.code).map_or(0, as_i64);
            sarif::Result::builder()
                .rule_id(found.code.clone())
                .rule_index(rule_index)
                .level(level)
                .message(sarif::Message::builder().text(text).build())
                .locations(vec![location])
                .build()
        })
        .collect();

    let driver = sarif::ToolComponent::builder()
        .name("stroom")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .build();
    sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build()
}

fn as_i64(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
