//! Why planlint could not run.
//!
//! Findings are about the user's work; an [`Error`] is about planlint being unable to do its
//! job (bad usage, a broken config, no repository, unreadable input). `main` maps every error
//! to exit code 2, so a hook can tell "your commit is wrong" (1) from "the tool broke" (2).

use std::path::PathBuf;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    // The OS error is part of the one-line message and deliberately not a `#[source]`: miette
    // would print it a second time as a cause.
    #[error("cannot {op} {path}: {cause}")]
    Io {
        op: IoOp,
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("{path} is not valid UTF-8 (first bad byte at offset {offset})")]
    #[diagnostic(
        help("commit messages and config files must be UTF-8; set i18n.commitEncoding=UTF-8 or re-save the file as UTF-8")
    )]
    NotUtf8 { path: PathBuf, offset: usize },

    #[error("{path} is {size} bytes, over the limit of {limit} bytes")]
    #[diagnostic(help("{help}"))]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
        help: String,
    },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(Box<ConfigError>),

    #[error("{message}")]
    Git {
        message: String,
        #[help]
        help: Option<String>,
    },

    #[error("{message}")]
    Usage {
        message: String,
        #[help]
        help: Option<String>,
    },

    /// planlint itself went wrong (a worker thread stopped): a bug, not the user's input.
    #[error("internal error: {0}")]
    #[diagnostic(help("this is a bug in planlint; please report it with the command you ran"))]
    Internal(String),
}

/// What planlint was doing with a file when the OS refused: "cannot read" for a report that
/// could not be written sends the person looking for the wrong problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoOp {
    Read,
    Write,
    Create,
    Rename,
    Remove,
    SetPermissions,
}

impl std::fmt::Display for IoOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IoOp::Read => "read",
            IoOp::Write => "write",
            IoOp::Create => "create",
            IoOp::Rename => "rename",
            IoOp::Remove => "remove",
            IoOp::SetPermissions => "set the permissions of",
        })
    }
}

impl Error {
    /// Reading `path` failed.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::io_op(IoOp::Read, path, source)
    }

    /// Writing `path` failed.
    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::io_op(IoOp::Write, path, source)
    }

    /// `op` on `path` failed.
    pub fn io_op(op: IoOp, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            op,
            path: path.into(),
            cause: source,
        }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            help: None,
        }
    }

    pub fn usage_help(message: impl Into<String>, help: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    pub fn git(message: impl Into<String>) -> Error {
        Error::Git {
            message: message.into(),
            help: None,
        }
    }

    pub fn internal(what: impl Into<String>) -> Error {
        Error::Internal(what.into())
    }

    pub fn git_help(message: impl Into<String>, help: impl Into<String>) -> Error {
        Error::Git {
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

/// A config file that cannot be used, with the span of the offending key or value.
#[derive(Debug, Error, Diagnostic)]
#[error("invalid configuration in {path}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_say_what_failed() {
        let gone = || std::io::Error::from(std::io::ErrorKind::NotFound);
        let shown = |e: Error| e.to_string();
        assert!(shown(Error::io("a.md", gone())).starts_with("cannot read a.md: "));
        assert!(shown(Error::write("out.json", gone())).starts_with("cannot write out.json: "));
        assert!(
            shown(Error::io_op(IoOp::Create, "hooks", gone())).starts_with("cannot create hooks: ")
        );
        assert!(shown(Error::io_op(IoOp::SetPermissions, "h", gone()))
            .starts_with("cannot set the permissions of h: "));
    }
}
