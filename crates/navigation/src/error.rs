//! The engine's errors: a questionnaire or table that does not read or check, and answers
//! that do not fit their questions. Each names where it is.

/// What went wrong, with where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NavigationError {
    /// A data file (questionnaire, urgency table) that is not valid TOML or not of the shape.
    #[error("{file}:{line}:{col}: {message}")]
    Syntax { file: String, line: usize, col: usize, message: String },
    /// A data file that reads but does not hold together (an unknown question in a condition,
    /// a fact the rules engine does not know, a text missing in one language).
    #[error("{file}: {path}: {message}")]
    Check { file: String, path: String, message: String },
    /// An answer that does not fit its question (the question's id names it).
    #[error("{question}: {message}")]
    Answer { question: String, message: String },
    /// No such questionnaire (or version).
    #[error("no questionnaire `{0}`")]
    UnknownQuestionnaire(String),
}

impl NavigationError {
    /// The field an answer error is about (`answers.<question>`), for APIs.
    pub fn field(&self) -> String {
        match self {
            NavigationError::Answer { question, .. } => format!("answers.{question}"),
            NavigationError::UnknownQuestionnaire(_) => "questionnaire".into(),
            NavigationError::Syntax { file, .. } | NavigationError::Check { file, .. } => file.clone(),
        }
    }

    pub(crate) fn syntax(file: &str, source: &str, e: &toml::de::Error) -> NavigationError {
        let (line, col) = match e.span() {
            Some(span) => {
                let before = &source[..span.start.min(source.len())];
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (line, col)
            }
            None => (1, 1),
        };
        NavigationError::Syntax { file: file.to_owned(), line, col, message: e.message().to_owned() }
    }
}
