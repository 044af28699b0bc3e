//! E-mail over SMTP through lettre (tokio, rustls): plain-text UTF-8 messages from one
//! configured sender, one connection per message.

use std::fmt;
use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType, MIME_VERSION_1_0};
use lettre::message::{Body, Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls as LettreTls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::DeliveryError;
use crate::Email;
use crate::http::chain;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// None: plain SMTP, for a relay on the same machine or network (and tests).
    None,
    /// STARTTLS, required: the connection is upgraded before anything is sent, or nothing
    /// is (usually port 587).
    StartTls,
    /// TLS from the first byte, "SMTPS" (usually port 465).
    Wrapper,
}

/// Where and as whom to send. `Debug` leaves the password out.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// The sender, `kirjaamo@hyvinvointialue.fi` or `Polku <polku@example.fi>`.
    pub from: String,
    pub tls: Tls,
    /// User name and password (AUTH PLAIN or LOGIN), if the server wants them.
    pub credentials: Option<(String, String)>,
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from)
            .field("tls", &self.tls)
            .field("credentials", &self.credentials.as_ref().map(|(user, _)| (user, "<redacted>")))
            .finish()
    }
}

/// Sends e-mail. Cheap to clone.
#[derive(Clone)]
pub struct SmtpCourier {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    host: String,
    timeout: Duration,
}

impl fmt::Debug for SmtpCourier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpCourier").field("host", &self.host).field("from", &self.from.to_string()).finish()
    }
}

impl SmtpCourier {
    /// How long sending one message may take, connecting included, unless told otherwise.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// A courier for `config`; connects only when sending. `Invalid` for a sender that is
    /// not an address, an empty host, or a host TLS cannot be set up for.
    pub fn new(config: SmtpConfig) -> Result<Self, DeliveryError> {
        Self::with_timeout(config, Self::DEFAULT_TIMEOUT)
    }

    /// As [`SmtpCourier::new`], with sending one message (connecting, TLS, every command)
    /// limited to `timeout`. Needs a tokio runtime with its timer (as lettre needs tokio).
    pub fn with_timeout(config: SmtpConfig, timeout: Duration) -> Result<Self, DeliveryError> {
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| DeliveryError::Invalid(format!("sender address {:?}: {e}", config.from)))?;
        if config.host.trim().is_empty() {
            return Err(DeliveryError::Invalid("SMTP host is empty".into()));
        }
        let tls_parameters = || {
            TlsParameters::new(config.host.clone())
                .map_err(|e| DeliveryError::Invalid(format!("TLS for {}: {}", config.host, chain(&e))))
        };
        let tls = match config.tls {
            Tls::None => LettreTls::None,
            Tls::StartTls => LettreTls::Required(tls_parameters()?),
            Tls::Wrapper => LettreTls::Wrapper(tls_parameters()?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(config.host.as_str())
            .port(config.port)
            .tls(tls)
            .timeout(Some(timeout));
        if let Some((user, password)) = config.credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(SmtpCourier { transport: builder.build(), from, host: format!("{}:{}", config.host, config.port), timeout })
    }

    /// Sends `mail` as `text/plain; charset=utf-8` (the body quoted-printable, the subject
    /// as RFC 2047 words when it is not ASCII: 7-bit, so any relay takes them).
    /// The text arrives as given, its last line ended by a line break if it was not.
    /// `Invalid` for a recipient that is not an address; `Refused` with the SMTP reply
    /// code when the server says no (4xx may pass later, 5xx will not); `Unreachable`
    /// when it cannot be reached or used: no connection, no answer in time, TLS failed or
    /// not offered (nothing is sent in clear when TLS is asked for).
    pub async fn send(&self, mail: &Email) -> Result<(), DeliveryError> {
        let to: Mailbox =
            mail.to.parse().map_err(|e| DeliveryError::Invalid(format!("recipient address {:?}: {e}", mail.to)))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.as_str())
            .header(MIME_VERSION_1_0)
            .header(ContentType::TEXT_PLAIN)
            .body(body(&mail.text))
            .map_err(|e| DeliveryError::Invalid(format!("message: {e}")))?;
        // lettre's own timeout covers only connecting; this one the whole exchange.
        let sent = tokio::time::timeout(self.timeout, self.transport.send(message)).await;
        let Ok(sent) = sent else {
            let error = DeliveryError::Unreachable(format!("{}: no answer within {:?}", self.host, self.timeout));
            tracing::debug!(host = %self.host, %error, "e-mail not delivered");
            return Err(error);
        };
        match sent {
            Ok(_) => {
                tracing::debug!(host = %self.host, "e-mail delivered");
                Ok(())
            }
            Err(e) => {
                let error = self.delivery_error(&e);
                tracing::debug!(host = %self.host, %error, "e-mail not delivered");
                Err(error)
            }
        }
    }

    fn delivery_error(&self, e: &lettre::transport::smtp::Error) -> DeliveryError {
        if let Some(code) = e.status() {
            return DeliveryError::Refused { status: code.into() };
        }
        if e.is_timeout() {
            return DeliveryError::Unreachable(format!("{}: no answer within {:?}", self.host, self.timeout));
        }
        // The rest: no connection, TLS failed, the connection broke, or the server cannot
        // be used as configured (no STARTTLS when it is required, no authentication
        // mechanism lettre knows). Either way this server cannot take the message now.
        DeliveryError::Unreachable(format!("{}: {}", self.host, chain(e)))
    }
}

/// The text without its last line break: lettre ends the DATA with `CRLF . CRLF`, which
/// ends the last line itself, so a text ending in one would arrive with an empty line more.
fn body_text(text: &str) -> String {
    let text = text.strip_suffix('\n').map_or(text, |t| t.strip_suffix('\r').unwrap_or(t));
    text.to_owned()
}

/// The body, quoted-printable always (base64 would carry the line breaks inside its
/// encoding, where the last one is not SMTP's; and QP stays readable for Finnish).
fn body(text: &str) -> Body {
    Body::new_with_encoding(body_text(text), ContentTransferEncoding::QuotedPrintable)
        .expect("quoted-printable can carry any text")
}

#[cfg(test)]
mod tests {
    use super::body_text;

    #[test]
    fn only_the_last_line_break_is_left_to_smtp() {
        assert_eq!(body_text("a\nb\n"), "a\nb");
        assert_eq!(body_text("a\r\nb\r\n"), "a\r\nb");
        assert_eq!(body_text("a\n\n"), "a\n");
        assert_eq!(body_text("a"), "a");
        assert_eq!(body_text(""), "");
    }
}
