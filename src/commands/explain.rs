//! `planlint rules`, `planlint explain`, `planlint completions`, `planlint man`: answers that
//! need no repository.

use clap::CommandFactory;

use crate::cli::{Cli, Format};
use crate::error::{Error, Result};

use super::EXIT_CLEAN;

pub fn rules(format: Option<Format>) -> Result<u8> {
    let rules = crate::rules::all();
    let mut out = String::new();
    if format == Some(Format::Json) {
        let rows: Vec<_> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "severity": r.severity,
                    "summary": r.summary,
                })
            })
            .collect();
        out = serde_json::to_string_pretty(&rows).unwrap_or_default();
        out.push('\n');
    } else {
        let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
        for r in &rules {
            out.push_str(&format!(
                "{:width$}  {:8} {}\n",
                r.id,
                r.severity.as_str(),
                r.summary
            ));
        }
    }
    print_stdout(&out);
    Ok(EXIT_CLEAN)
}

pub fn explain(id: &str) -> Result<u8> {
    let Some(r) = crate::rules::named(id) else {
        let help = crate::rules::closest(id)
            .map(|c| format!("did you mean `{}`? `planlint rules` lists every rule", c.id))
            .unwrap_or_else(|| "`planlint rules` lists every rule".into());
        return Err(Error::usage_help(format!("unknown rule `{id}`"), help));
    };
    print_stdout(&format!(
        "{} ({} by default)\n\n{}\n\n{}\n\nTo change its severity or turn it off, in planlint.toml:\n\n    [rules]\n    \"{}\" = \"off\"   # or info, warning, error, blocker\n",
        r.id,
        r.severity,
        r.summary,
        r.explanation.trim(),
        r.id
    ));
    Ok(EXIT_CLEAN)
}

pub fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "planlint", &mut buf);
    print_stdout(&String::from_utf8_lossy(&buf));
    Ok(EXIT_CLEAN)
}

pub fn man() -> Result<u8> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| Error::write("<stdout>", e))?;
    print_stdout(&String::from_utf8_lossy(&buf));
    Ok(EXIT_CLEAN)
}

pub use crate::report::print_stdout;
