//! The application's [`app::referrals::Courier`]: webhooks signed and posted over HTTP,
//! e-mails sent over SMTP when a relay is configured.

use crate::{Email, HttpCourier, SIGNATURE_HEADER, SmtpCourier, Webhook, signature};
use app::referrals::{Courier, Message};
use async_trait::async_trait;

/// Delivers the outbox's notifications: every webhook, and e-mail through `smtp` (without
/// one, an e-mail fails and is retried, then kept as a dead letter, like any failure).
pub struct Couriers {
    pub http: HttpCourier,
    pub smtp: Option<SmtpCourier>,
}

#[async_trait]
impl Courier for Couriers {
    async fn deliver(&self, message: &Message) -> Result<(), String> {
        match message {
            Message::Webhook { url, headers, body, secret } => {
                let mut headers = headers.clone();
                if let Some(secret) = secret {
                    let now = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs() as i64);
                    headers.push((SIGNATURE_HEADER.to_owned(), signature(secret.as_bytes(), now, body)));
                }
                let hook = Webhook { url: url.clone(), headers, body: body.clone() };
                self.http.post(&hook).await.map(drop).map_err(|e| e.to_string())
            }
            Message::Email { to, subject, text } => match &self.smtp {
                Some(smtp) => {
                    let mail = Email { to: to.clone(), subject: subject.clone(), text: text.clone() };
                    smtp.send(&mail).await.map_err(|e| e.to_string())
                }
                None => Err("no SMTP relay is configured (polku serve --smtp-host)".into()),
            },
        }
    }
}
