//! notify's tests against real peers: an HTTP server made in the test (`webhook`) and
//! the SMTP server of `tests/smtp/server.py` (`smtp`; skipped, listed, without Python's
//! aiosmtpd unless `POLKU_REQUIRE_SMTP=1`).

mod smtp;
mod webhook;
