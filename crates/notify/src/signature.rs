//! Webhook signatures, Stripe-style: the header value `t=<unix seconds>,v1=<hex>`, where
//! the hex is HMAC-SHA256 under the shared secret of `"<t>.<body>"`. Pure.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header Polku sends the signature in.
pub const SIGNATURE_HEADER: &str = "Polku-Signature";

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], unix_seconds: i64, body: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(unix_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The signature header's value for `body` sent at `unix_seconds`:
/// `t=<unix_seconds>,v1=<hex hmac_sha256(secret, "<t>.<body>")>`.
pub fn signature(secret: &[u8], unix_seconds: i64, body: &[u8]) -> String {
    let digest = mac(secret, unix_seconds, body).finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={unix_seconds},v1={hex}")
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

/// Whether `header` signs `body` under `secret`, made within `tolerance_s` seconds of
/// `now_unix` (either way). Several `v1=` values are allowed (a receiver during a key
/// change); one that matches is enough. The comparison is constant-time.
pub fn verify_signature(secret: &[u8], header: &str, body: &[u8], now_unix: i64, tolerance_s: i64) -> bool {
    let mut timestamp = None;
    let mut seen_t = false;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            // Exactly one `t`.
            Some(("t", _)) if seen_t => return false,
            Some(("t", t)) => (seen_t, timestamp) = (true, t.parse::<i64>().ok()),
            Some(("v1", v)) => candidates.extend(unhex(v)),
            _ => {}
        }
    }
    let Some(t) = timestamp else { return false };
    if now_unix.abs_diff(t) > tolerance_s.max(0).unsigned_abs() {
        return false;
    }
    let mut found = false;
    for candidate in candidates {
        // `verify_slice` compares in constant time; no early return between candidates.
        found |= mac(secret, t, body).verify_slice(&candidate).is_ok();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_polku";
    const BODY: &[u8] = br#"{"event":"referral.opened","id":"r-1"}"#;

    #[test]
    fn a_signature_has_the_time_and_a_hex_hmac() {
        let s = signature(SECRET, 1_700_000_000, BODY);
        let (t, v1) = s.split_once(',').unwrap();
        assert_eq!(t, "t=1700000000");
        let hex = v1.strip_prefix("v1=").unwrap();
        assert_eq!(hex.len(), 64);
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }

    #[test]
    fn matches_an_independent_hmac_sha256() {
        // Python: hmac.new(b"whsec_polku", b"1700000000." + BODY, hashlib.sha256).hexdigest()
        assert_eq!(
            signature(SECRET, 1_700_000_000, BODY),
            "t=1700000000,v1=04441ad9b003275b3cae6d2167348e6b28ada92d43e173623ad587608c3f1647"
        );
    }

    #[test]
    fn a_fresh_signature_verifies() {
        let s = signature(SECRET, 1_700_000_000, BODY);
        assert!(verify_signature(SECRET, &s, BODY, 1_700_000_000, 300));
        assert!(verify_signature(SECRET, &s, BODY, 1_700_000_300, 300));
        assert!(verify_signature(SECRET, &s, BODY, 1_699_999_700, 300), "a little clock skew is fine");
    }

    #[test]
    fn a_tampered_body_fails() {
        let s = signature(SECRET, 1_700_000_000, BODY);
        let mut tampered = BODY.to_vec();
        tampered[2] ^= 1;
        assert!(!verify_signature(SECRET, &s, &tampered, 1_700_000_000, 300));
        assert!(!verify_signature(SECRET, &s, b"", 1_700_000_000, 300));
    }

    #[test]
    fn a_wrong_secret_fails() {
        let s = signature(SECRET, 1_700_000_000, BODY);
        assert!(!verify_signature(b"whsec_other", &s, BODY, 1_700_000_000, 300));
        assert!(!verify_signature(b"", &s, BODY, 1_700_000_000, 300));
    }

    #[test]
    fn an_old_or_future_timestamp_fails() {
        let s = signature(SECRET, 1_700_000_000, BODY);
        assert!(!verify_signature(SECRET, &s, BODY, 1_700_000_301, 300));
        assert!(!verify_signature(SECRET, &s, BODY, 1_699_999_699, 300));
        assert!(!verify_signature(SECRET, &s, BODY, 1_700_000_001, -5), "a negative tolerance is zero");
    }

    #[test]
    fn a_moved_timestamp_fails() {
        // The timestamp is signed: replaying the body with a fresh `t` does not verify.
        let s = signature(SECRET, 1_700_000_000, BODY);
        let moved = s.replace("t=1700000000", "t=1700000600");
        assert!(!verify_signature(SECRET, &moved, BODY, 1_700_000_600, 300));
    }

    #[test]
    fn malformed_headers_fail() {
        let s = signature(SECRET, 1_700_000_000, BODY);
        let v1 = s.split_once(',').unwrap().1;
        for header in [
            "",
            v1,
            "t=1700000000",
            "t=abc,v1=00",
            &format!("{s},t=1700000000"),
            &format!("t=1700000000,{}", &v1[..v1.len() - 1]),
            &format!("t=1700000000,{}", v1.to_uppercase().replace("V1=", "v2=")),
            "t=1700000000,v1=zz",
            "t=1700000000,v1=é",
        ] {
            assert!(!verify_signature(SECRET, header, BODY, 1_700_000_000, 300), "{header:?}");
        }
    }

    #[test]
    fn one_matching_v1_among_several_is_enough() {
        let s = signature(SECRET, 1_700_000_000, BODY);
        let (t, v1) = s.split_once(',').unwrap();
        let other = signature(b"old-secret", 1_700_000_000, BODY);
        let other_v1 = other.split_once(',').unwrap().1;
        assert!(verify_signature(SECRET, &format!("{t},{other_v1},{v1}"), BODY, 1_700_000_000, 300));
        assert!(verify_signature(SECRET, &format!("{t}, {v1}"), BODY, 1_700_000_000, 300), "spaces after commas");
    }
}
