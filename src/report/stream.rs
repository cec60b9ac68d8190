//! Findings reported as they are found: a walk of a long history writes each finding once
//! nothing later in the walk can take it back (to the terminal, or into the JSON document),
//! keeps only counts, and ends the report when the walk does. The human report and JSON can be
//! written this way; every other format needs the whole list and is rendered at the end.

use std::io::{BufWriter, Stdout};

use super::{human, json, Format, Options};
use crate::error::Result;
use crate::finding::{Finding, Tally};
use crate::outcome::Outcome;

/// A report being written.
pub struct Stream {
    to: To,
}

enum To {
    Human { color: bool, tally: Tally },
    Json(json::Writer<BufWriter<Stdout>>),
}

impl std::fmt::Debug for Stream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.to {
            To::Human { .. } => "Stream(human)",
            To::Json(_) => "Stream(json)",
        })
    }
}

impl Stream {
    /// A stream for the report `opts` ask for, when it can be written as it goes: the human
    /// report, or JSON on stdout. `None` for the others, and for `--output`.
    pub fn start(opts: &Options) -> Option<Stream> {
        if opts.output.is_some() {
            return None;
        }
        let to = match opts.format {
            Format::Human => To::Human {
                color: opts.color,
                tally: Tally::default(),
            },
            Format::Json => {
                let out = BufWriter::with_capacity(1 << 16, std::io::stdout());
                To::Json(json::Writer::start(out).ok()?)
            }
            _ => return None,
        };
        Some(Stream { to })
    }

    /// Reports one finding now.
    pub fn push(&mut self, f: &Finding) {
        match &mut self.to {
            To::Human { color, tally } => {
                tally.add(f);
                super::print_stderr(&human::finding_text(*color, f));
            }
            // A closed pipe (`planlint ... | head`) is not an error worth reporting.
            To::Json(w) => {
                let _ = w.finding(f);
            }
        }
    }

    /// Reports the outcome's own findings and what ends the report; returns the count of
    /// every finding reported, streamed or not.
    pub fn finish(mut self, opts: &Options, outcome: &Outcome) -> Result<Tally> {
        for f in &outcome.findings {
            self.push(f);
        }
        Ok(match self.to {
            To::Human { tally, .. } => {
                let tail = human::tail(opts, &outcome.notes, &tally);
                if !tail.is_empty() {
                    super::print_stderr(&tail);
                }
                tally
            }
            To::Json(w) => {
                let counted = Tally::of(&outcome.findings);
                w.finish(outcome).unwrap_or(counted)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_human_report_and_json_on_stdout_stream() {
        let mut opts = Options::default();
        assert!(Stream::start(&opts).is_some());
        opts.format = Format::Sarif;
        assert!(Stream::start(&opts).is_none());
        opts.format = Format::Json;
        opts.output = Some("x.json".into());
        assert!(Stream::start(&opts).is_none());
    }
}
