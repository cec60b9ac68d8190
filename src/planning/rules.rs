//! The rules of the planning model: ids, summaries and explanations for `planlint explain`.

use crate::finding::{Rule, Severity};

pub static UNREADABLE: Rule = Rule {
    id: "plan/unreadable",
    severity: Severity::Warning,
    summary: "a file or folder under the planning folder could not be read",
    explanation: "planlint lists the planning folder and reads every plan, summary and \
verification report in it. An entry it cannot list or read (permissions, a name that is not \
UTF-8, a file over the size limit, a symlink leading out of the repository) is reported here \
and skipped; everything else is still checked.",
};

/// Every rule of this module, for the registry.
pub static RULES: &[&Rule] = &[&UNREADABLE];
