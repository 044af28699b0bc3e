//! Findings about rule files, each with its file, line and column.

use std::fmt;

use serde::Serialize;

use crate::ast::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub col: u32,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: &str, span: Span, message: String) -> Diagnostic {
        Diagnostic { file: file.to_owned(), line: span.line, col: span.col, severity: Severity::Error, message }
    }

    pub fn warning(file: &str, span: Span, message: String) -> Diagnostic {
        Diagnostic { file: file.to_owned(), line: span.line, col: span.col, severity: Severity::Warning, message }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: error: message`, the form editors and terminals link.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {sev}: {}", self.file, self.line, self.col, self.message)
    }
}
