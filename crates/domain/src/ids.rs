//! Stable, opaque identifiers of catalog objects.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An id: `^[a-z0-9][a-z0-9._:-]{0,99}$`. Parsed, never trusted raw.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Id(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an id is 1 to 100 characters of a-z, 0-9, '.', '_', ':' and '-', starting with a letter or digit")]
pub struct BadId;

impl Id {
    pub fn parse(s: &str) -> Result<Id, BadId> {
        let bytes = s.as_bytes();
        let ok = !bytes.is_empty()
            && bytes.len() <= 100
            && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b':' | b'-'));
        if ok { Ok(Id(s.to_owned())) } else { Err(BadId) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Id {
    type Error = BadId;
    fn try_from(s: String) -> Result<Id, BadId> {
        Id::parse(&s)
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_slugs_and_ptv_uuids() {
        assert!(Id::parse("svc-home-care").is_ok());
        assert!(Id::parse("0b1a4c1e-2f5a-4a46-9f05-3c7a0f4e8d11").is_ok());
        for bad in ["", "-x", "Svc", "a b", "ä", &"x".repeat(101)] {
            assert_eq!(Id::parse(bad), Err(BadId), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_round_trips(s in "\\PC{0,120}") {
            if let Ok(id) = Id::parse(&s) {
                prop_assert_eq!(id.as_str(), s.as_str());
            }
        }
    }
}
