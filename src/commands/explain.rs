//! `planlint rules`, `planlint explain`, `planlint completions`, `planlint man`: answers that
//! need no repository.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::outcome::{Document, Outcome};

pub fn rules() -> Outcome {
    Outcome::document("rules", Document::Rules(crate::rules::all()))
}

pub fn explain(id: &str) -> Result<Outcome> {
    let Some(rule) = crate::rules::named(id) else {
        let help = crate::rules::closest(id)
            .map(|c| format!("did you mean `{}`? `planlint rules` lists every rule", c.id))
            .unwrap_or_else(|| "`planlint rules` lists every rule".into());
        return Err(Error::usage_help(format!("unknown rule `{id}`"), help));
    };
    Ok(Outcome::document(rule.id, Document::Explanation(rule)))
}

pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "planlint", &mut buf);
    text("completions", buf)
}

pub fn man() -> Result<Outcome> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| Error::write("<stdout>", e))?;
    Ok(text("man page", buf))
}

fn text(subject: &str, bytes: Vec<u8>) -> Outcome {
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Outcome::document(subject, Document::Text(text))
}
