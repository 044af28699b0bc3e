//! Polku's outbound notifications: webhooks signed with HMAC-SHA256 and posted over HTTP
//! (`http`), e-mail over SMTP (`smtp`), and the signature itself (`signature`, pure).
//!
//! [`Couriers`] is the application's `Courier` (`app::referrals`), over both.
//!
//! An adapter: it delivers what the application layer hands it and says how that went
//! ([`DeliveryError`]). It decides nothing about retries; the application keeps the outbox,
//! its backoff and its dead letters.

mod courier;
mod http;
mod signature;
mod smtp;

pub use courier::Couriers;
pub use http::HttpCourier;
pub use signature::{SIGNATURE_HEADER, signature, verify_signature};
pub use smtp::{SmtpConfig, SmtpCourier, Tls};

/// A webhook to post: the receiver's URL, extra headers (the signature among them) and
/// the JSON body, as bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A plain-text e-mail in UTF-8 to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
}

/// Why a delivery did not happen. Each says what the caller can do: `Refused` and
/// `Unreachable` may succeed later, `Invalid` never will as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// The peer answered and refused: an HTTP status outside 2xx (a redirect among them,
    /// as none is followed), or an SMTP reply code 4xx/5xx.
    #[error("the receiver refused the delivery with status {status}")]
    Refused { status: u16 },
    /// The peer could not be reached or did not answer: DNS, connection, TLS, timeout.
    #[error("the receiver could not be reached: {0}")]
    Unreachable(String),
    /// What was handed over cannot be delivered: a bad URL, header or e-mail address.
    #[error("cannot deliver: {0}")]
    Invalid(String),
}
