//! A phase's VERIFICATION.md read into data: what the verification concluded (status, score,
//! gaps). Pure: text in, model out.

use crate::finding::{Finding, Rule};

use super::frontmatter::{Doc, DocRules, FrontState};
use super::rules;
use super::summary::at;
use super::yaml::{Node, Yaml};

/// A phase's verification report, `NN-VERIFICATION.md`.
#[derive(Debug, Clone)]
pub struct VerificationDoc {
    pub path: String,
    pub doc: Doc,
    pub phase: Option<String>,
    /// `passed`, `gaps_found` or `human_needed` (older `PASS` / `GAPS_FOUND` mapped), or the
    /// text as written when it is none of them.
    pub status: Option<String>,
    pub score: Option<Score>,
    pub gaps: Vec<Gap>,
    pub findings: Vec<Finding>,
}

/// `score: 5/7 must-haves verified`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub verified: u32,
    pub total: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gap {
    pub truth: String,
    pub status: Option<String>,
    pub reason: Option<String>,
}

pub const VERIFICATION_RULES: DocRules = DocRules {
    invalid_yaml: &rules::VERIFICATION_INVALID_YAML,
    no_frontmatter: &rules::VERIFICATION_NO_FRONTMATTER,
};

pub const STATUSES: [&str; 3] = ["passed", "gaps_found", "human_needed"];

impl VerificationDoc {
    pub fn parse(path: &str, text: String) -> VerificationDoc {
        VerificationDoc::from_doc(Doc::parse(path, text))
    }

    pub fn unreadable(path: &str, finding: Finding) -> VerificationDoc {
        let mut v = VerificationDoc::from_doc(Doc::unreadable(path));
        v.findings = vec![finding];
        v
    }

    fn from_doc(doc: Doc) -> VerificationDoc {
        let name = doc.source.name.clone();
        let mut findings: Vec<Finding> = doc
            .finding(&VERIFICATION_RULES, &format!("`{name}`"))
            .into_iter()
            .collect();
        let text = doc.text();
        let readable = matches!(doc.state, FrontState::Valid | FrontState::Recovered);
        let status_node = doc.get("status");
        let score_node = doc.get("score");
        if readable {
            let missing: Vec<&str> = [("status", status_node), ("score", score_node)]
                .into_iter()
                .filter_map(|(k, n)| n.is_none().then_some(k))
                .collect();
            if !missing.is_empty() {
                findings.push(
                    at(
                        &doc,
                        &rules::VERIFICATION_MISSING_FIELD,
                        format!("`{name}` lacks `{}`", missing.join("` and `")),
                        None,
                    )
                    .help("write `status: passed | gaps_found | human_needed` and `score: N/M must-haves verified`"),
                );
            }
        }
        let status = status_node.and_then(|n| {
            let written = n.scalar_text(text)?.trim().to_string();
            let (status, finding) = read_status(&written);
            if let Some((rule, message)) = finding {
                let mut f = at(&doc, rule, format!("`{name}`: {message}"), Some(n.span));
                // A spelling that still says what it means is only worth knowing.
                if status.is_some() {
                    f = f.severity(crate::finding::Severity::Info);
                }
                findings.push(f.help("use `passed`, `gaps_found` or `human_needed`"));
            }
            status.or(Some(written))
        });
        let score = score_node.and_then(|n| {
            let written = n.scalar_text(text)?;
            let score = read_score(&written);
            if score.is_none() {
                findings.push(
                    at(
                        &doc,
                        &rules::VERIFICATION_MISSING_FIELD,
                        format!("`{name}`: score `{written}` has no `N/M` count"),
                        Some(n.span),
                    )
                    .help("write the score as `N/M must-haves verified`"),
                );
            }
            score
        });
        let gaps_node = doc.get("gaps");
        let gaps: Vec<Gap> = match gaps_node.map(|n| &n.value) {
            Some(Yaml::Seq(items)) => items.iter().map(|g| gap(g, text)).collect(),
            _ => Vec::new(),
        };
        // The tolerant reader cannot see nested gaps: judge consistency only on valid YAML, and
        // only of a status in GSD's words (a verdict written by hand, `partial`, lists no gaps).
        let in_gsd_words = status_node
            .and_then(|n| n.scalar_text(text))
            .is_some_and(|w| STATUSES.contains(&w.trim()));
        if doc.state == FrontState::Valid && in_gsd_words {
            let at_status = status_node.map(|n| n.span);
            let mut inconsistent = |message: String| {
                findings.push(
                    at(
                        &doc,
                        &rules::VERIFICATION_INCONSISTENT,
                        format!("`{name}`: {message}"),
                        at_status,
                    )
                    .help("make status, score and gaps tell the same story"),
                );
            };
            match (status.as_deref(), gaps.len()) {
                (Some("passed"), n) if n > 0 => {
                    inconsistent(format!("status is `passed` but {n} gap(s) are listed"));
                }
                (Some("gaps_found"), 0) => {
                    inconsistent("status is `gaps_found` but no gaps are listed".into());
                }
                _ => {}
            }
            if let Some(s) = score {
                if s.verified > s.total {
                    inconsistent(format!(
                        "score {}/{} counts more verified than exist",
                        s.verified, s.total
                    ));
                } else if status.as_deref() == Some("passed") && s.verified < s.total {
                    inconsistent(format!(
                        "status is `passed` but the score is {}/{}",
                        s.verified, s.total
                    ));
                } else if s.verified == s.total
                    && !gaps.is_empty()
                    && status.as_deref() != Some("passed")
                {
                    inconsistent(format!(
                        "score is {}/{} but gaps are listed",
                        s.verified, s.total
                    ));
                }
            }
        }
        VerificationDoc {
            path: name,
            phase: doc.scalar(&["phase"]),
            status,
            score,
            gaps,
            findings,
            doc,
        }
    }
}

/// The status GSD means, and a finding when it is written another way.
fn read_status(written: &str) -> (Option<String>, Option<(&'static Rule, String)>) {
    if STATUSES.contains(&written) {
        return (Some(written.to_string()), None);
    }
    let lower = written.to_ascii_lowercase();
    // What real reports write besides GSD's three: older spellings, and verdicts a person
    // wrote by hand (`approved`, `passed-with-deferrals`, `passed (2 deferred)`).
    let word = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let legacy = match word {
        "pass" | "passed" | "approved" | "verified" | "complete" | "completed" | "done" => {
            Some("passed")
        }
        w if w.starts_with("passed_with") || w.starts_with("passed-with") => Some("passed"),
        "gaps_found" | "gaps-found" | "gaps" | "fail" | "failed" | "partial" => Some("gaps_found"),
        "human_needed" | "human-needed" | "needs_human" | "needs-human" => Some("human_needed"),
        _ => None,
    };
    match legacy {
        Some(s) => (
            Some(s.to_string()),
            Some((
                &rules::VERIFICATION_STATUS,
                format!("status `{written}` is read as `{s}`, the word GSD's verifier writes"),
            )),
        ),
        None => (
            None,
            Some((
                &rules::VERIFICATION_STATUS,
                format!("status `{written}` is not one of passed, gaps_found, human_needed"),
            )),
        ),
    }
}

/// `5/7 must-haves verified` -> 5 of 7.
fn read_score(s: &str) -> Option<Score> {
    let (a, b) = s.split_once('/')?;
    let verified = a.trim().rsplit(' ').next()?.parse().ok()?;
    let total_text: String = b
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some(Score {
        verified,
        total: total_text.parse().ok()?,
    })
}

fn gap(n: &Node, text: &str) -> Gap {
    match &n.value {
        Yaml::Map(_) => {
            let s = |k: &str| n.get(k).and_then(|v| v.scalar_text(text));
            Gap {
                truth: s("truth").or_else(|| s("artifact")).unwrap_or_default(),
                status: s("status"),
                reason: s("reason"),
            }
        }
        _ => Gap {
            truth: n.scalar_text(text).unwrap_or_default(),
            ..Gap::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_of(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.rule).collect()
    }

    fn verification(front: &str) -> VerificationDoc {
        VerificationDoc::parse("02-VERIFICATION.md", format!("---\n{front}---\n# Report\n"))
    }

    #[test]
    fn reads_a_verification_report() {
        let v = verification(
            "phase: 02-auth\nverified: 2026-05-22T17:25:50Z\nstatus: gaps_found\nscore: 5/7 must-haves verified\ngaps:\n  - truth: \"Sessions persist\"\n    status: failed\n    reason: \"no cookie\"\n",
        );
        assert!(v.findings.is_empty(), "{:#?}", v.findings);
        assert_eq!(v.status.as_deref(), Some("gaps_found"));
        assert_eq!(
            v.score,
            Some(Score {
                verified: 5,
                total: 7
            })
        );
        assert_eq!(v.gaps[0].truth, "Sessions persist");
        assert_eq!(v.gaps[0].status.as_deref(), Some("failed"));
    }

    #[test]
    fn verification_problems() {
        let v = verification("phase: 2\nstatus: passed\nscore: 5/7\ngaps:\n  - truth: x\n");
        assert_eq!(
            rules_of(&v.findings),
            ["verification/inconsistent", "verification/inconsistent"]
        );
        let v = verification("phase: 2\nstatus: gaps_found\nscore: 7/7\n");
        assert_eq!(rules_of(&v.findings), ["verification/inconsistent"]);
        let v = verification("phase: 2\nstatus: PASS\n");
        let mut r = rules_of(&v.findings);
        r.sort_unstable();
        assert_eq!(r, ["verification/missing-field", "verification/status"]);
        let legacy = v
            .findings
            .iter()
            .find(|f| f.rule == "verification/status")
            .unwrap();
        assert_eq!(legacy.severity, crate::finding::Severity::Info);
        assert_eq!(v.status.as_deref(), Some("passed"));
        for (written, read) in [
            ("approved", "passed"),
            ("passed-with-deferrals", "passed"),
            ("passed_with_notes", "passed"),
            ("\"passed (2 deferred)\"", "passed"),
            ("partial", "gaps_found"),
        ] {
            let v = verification(&format!("phase: 2\nstatus: {written}\nscore: 1/1\n"));
            assert_eq!(v.status.as_deref(), Some(read), "{written}");
            assert!(
                v.findings
                    .iter()
                    .all(|f| f.severity == crate::finding::Severity::Info),
                "{written}: {:?}",
                v.findings
            );
        }
        let v = verification("status: shipped\nscore: most\n");
        let mut r = rules_of(&v.findings);
        r.sort_unstable();
        assert_eq!(r, ["verification/missing-field", "verification/status"]);
        assert_eq!(
            v.findings
                .iter()
                .find(|f| f.rule == "verification/status")
                .unwrap()
                .severity,
            crate::finding::Severity::Warning
        );
        let v = verification("status: passed\nscore: 9/7\n");
        assert_eq!(rules_of(&v.findings), ["verification/inconsistent"]);
    }

    #[test]
    fn scores() {
        assert_eq!(
            read_score("5/7 must-haves verified"),
            Some(Score {
                verified: 5,
                total: 7
            })
        );
        assert_eq!(
            read_score("score 3 / 4"),
            Some(Score {
                verified: 3,
                total: 4
            })
        );
        assert_eq!(read_score("all"), None);
    }
}
