//! Webhooks over HTTP: one POST of the JSON body with its headers, through reqwest
//! (rustls), within a timeout, never following a redirect.

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use crate::{DeliveryError, Webhook};

/// Posts webhooks. Cheap to clone (the connection pool is shared).
#[derive(Debug, Clone)]
pub struct HttpCourier {
    client: reqwest::Client,
    timeout: Duration,
}

impl HttpCourier {
    /// How long a delivery may take, connecting included, unless told otherwise.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// A courier whose deliveries give up after `timeout` (connecting, sending and the
    /// answer's head together). Redirects are not followed: a 3xx is `Refused`, so a
    /// receiver cannot send a signed body on to somewhere else.
    pub fn new(timeout: Duration) -> Self {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Polku/", env!("CARGO_PKG_VERSION"), " (webhooks)"))
            .build()
            // Fails only if the TLS backend cannot start, as `reqwest::Client::new` panics.
            .expect("the HTTP client (rustls) starts");
        HttpCourier { client, timeout }
    }

    /// POSTs `hook.body` to `hook.url` with `hook.headers` and
    /// `Content-Type: application/json` (which replaces any other). A 2xx answer is
    /// `Ok(status)`; any other is `Refused`; no answer (DNS, connection, TLS, timeout)
    /// is `Unreachable`; a URL that is not http(s) or a malformed header is `Invalid`.
    pub async fn post(&self, hook: &Webhook) -> Result<u16, DeliveryError> {
        let url = reqwest::Url::parse(&hook.url)
            .map_err(|e| DeliveryError::Invalid(format!("webhook URL {:?}: {e}", hook.url)))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
            return Err(DeliveryError::Invalid(format!("webhook URL {:?}: not an http(s) URL with a host", hook.url)));
        }
        let mut headers = HeaderMap::new();
        for (name, value) in &hook.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| DeliveryError::Invalid(format!("header name {name:?}")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| DeliveryError::Invalid(format!("the value of header {name}")))?;
            headers.append(name, value);
        }
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let host = url.host_str().unwrap_or_default().to_owned();
        let sent = self.client.post(url).headers(headers).body(hook.body.clone()).send().await;
        let response = sent.map_err(|e| {
            let e = e.without_url();
            let why = if e.is_timeout() {
                format!("{host}: no answer within {:?}", self.timeout)
            } else {
                format!("{host}: {}", chain(&e))
            };
            tracing::debug!(%host, %why, "webhook not delivered");
            DeliveryError::Unreachable(why)
        })?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            tracing::debug!(%host, status, "webhook delivered");
            Ok(status)
        } else {
            tracing::debug!(%host, status, "webhook refused");
            Err(DeliveryError::Refused { status })
        }
    }
}

impl Default for HttpCourier {
    fn default() -> Self {
        HttpCourier::new(HttpCourier::DEFAULT_TIMEOUT)
    }
}

/// An error with its causes, `outer: inner: innermost`.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
