//! The test OpenID providers (`tests/oidc/provider.mjs`: panva's certified `oidc-provider`
//! under Node.js, a staff provider and a "strong identification" one), and a browser's
//! walk through their sign-in over plain HTTP/1.1, in std only. Without Node.js or
//! `npm ci` in `tests/oidc` the tests skip visibly, unless `POLKU_REQUIRE_OIDC=1` or
//! `POLKU_REQUIRE_BROWSER=1` (CI).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The two running providers, stopped when dropped.
pub struct Providers {
    child: Child,
    /// The staff provider's issuer (client `polku-staff`, secret `staff-secret`).
    pub staff: String,
    /// The strong identification provider's issuer (client `polku-resident`, secret
    /// `resident-secret`, scope `personal_identity_code` for the `hetu` claim).
    pub resident: String,
}

impl Drop for Providers {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts both providers, sending browsers back to `<polku_url>/auth/callback`.
/// `None` (a listed skip) when Node.js or `tests/oidc/node_modules` is missing.
pub fn start(test: &str, polku_url: &str) -> Option<Providers> {
    let dir = crate::workspace_root().join("tests/oidc");
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let installed = dir.join("node_modules/oidc-provider").is_dir();
    if !node || !installed {
        let what = format!(
            "{test}: needs Node.js and the test OpenID provider (cd tests/oidc && npm ci){}",
            if node { "" } else { "; node is missing" }
        );
        assert!(
            !crate::required("POLKU_REQUIRE_OIDC") && !crate::required("POLKU_REQUIRE_BROWSER"),
            "POLKU_REQUIRE_OIDC=1 or POLKU_REQUIRE_BROWSER=1, but {what}"
        );
        crate::skipped(&what);
        return None;
    }
    let mut child = Command::new("node")
        .arg(dir.join("provider.mjs"))
        .current_dir(&dir)
        .env("POLKU_URL", polku_url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start node tests/oidc/provider.mjs");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let line = rx.recv_timeout(Duration::from_secs(60)).expect("the providers say where they listen");
    let field = |name: &str| {
        let start = line.find(&format!("\"{name}\":\"")).expect("issuer in the provider's line") + name.len() + 4;
        line[start..].split('"').next().expect("issuer").to_owned()
    };
    let (staff, resident) = (field("staff"), field("resident"));
    Some(Providers { child, staff, resident })
}

/// A plain HTTP/1.1 reply.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The values of the cookies the reply sets, `name=value` without attributes.
    pub fn set_cookies(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .filter_map(|(_, v)| v.split(';').next()?.split_once('='))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect()
    }
}

/// `http://host:port/path?query` into (`host:port`, `/path?query`).
fn split_url(url: &str) -> Result<(String, String), String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("not an http URL: {url}"))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    Ok((host.to_owned(), if path.is_empty() { "/".to_owned() } else { path.to_owned() }))
}

fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&rest[..end]).ok().and_then(|s| usize::from_str_radix(s.trim(), 16).ok());
        let Some(size) = size.filter(|s| *s > 0) else { break };
        let start = end + 2;
        out.extend_from_slice(&rest[start..(start + size).min(rest.len())]);
        rest = &rest[(start + size + 2).min(rest.len())..];
    }
    out
}

/// One request (`Connection: close`), with `cookies` sent as given.
pub fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    cookies: &[(String, String)],
    body: &str,
) -> Result<Reply, String> {
    let (host, path) = split_url(url)?;
    let mut stream = TcpStream::connect(&host).map_err(|e| format!("connect {host}: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if !cookies.is_empty() {
        let jar: Vec<String> = cookies.iter().map(|(n, v)| format!("{n}={v}")).collect();
        head.push_str(&format!("Cookie: {}\r\n", jar.join("; ")));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body.as_bytes())).map_err(|e| e.to_string())?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).map_err(|e| format!("read from {host}: {e}"))?;
    let split = reply.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no end of headers")?;
    let head = String::from_utf8_lossy(&reply[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).ok_or("no status")?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let raw = &reply[split + 4..];
    let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked { dechunk(raw) } else { raw.to_vec() };
    Ok(Reply { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

/// A cookie jar keyed by name (the tests talk to one host per jar).
#[derive(Debug, Default, Clone)]
pub struct Jar(pub Vec<(String, String)>);

impl Jar {
    pub fn take(&mut self, reply: &Reply) {
        for (name, value) in reply.set_cookies() {
            self.0.retain(|(n, _)| *n != name);
            if !value.is_empty() {
                self.0.push((name, value));
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn resolve(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_owned();
    }
    let origin = base.find("://").map(|i| i + 3).and_then(|i| base[i..].find('/').map(|j| &base[..i + j]));
    format!("{}{location}", origin.unwrap_or(base))
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..].split('"').next()?.replace("&amp;", "&"))
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Walks a browser through a provider's development sign-in from `authorize` (where Polku
/// sent it): follows redirects with a cookie jar, fills the login form with the account
/// `login`, submits the consent form, until the provider sends the browser to a URL that
/// starts with `back_to`: that URL. An error names the step and what the provider said.
pub fn sign_in(authorize: &str, login: &str, back_to: &str) -> Result<String, String> {
    let mut jar = Jar::default();
    let mut url = authorize.to_owned();
    let mut post: Option<String> = None;
    for _ in 0..20 {
        let reply = match &post {
            Some(form) => {
                request("POST", &url, &[("Content-Type", "application/x-www-form-urlencoded")], &jar.0, form)?
            }
            None => request("GET", &url, &[], &jar.0, "")?,
        };
        jar.take(&reply);
        post = None;
        if (300..400).contains(&reply.status) {
            let next = resolve(&url, reply.header("location").ok_or("a redirect without Location")?);
            if next.starts_with(back_to) {
                return Ok(next);
            }
            url = next;
            continue;
        }
        let Some(form_at) = reply.body.find("<form").filter(|_| reply.status == 200) else {
            return Err(format!("{url} answered {}: {}", reply.status, &reply.body[..reply.body.len().min(500)]));
        };
        let form = &reply.body[form_at..];
        let form = &form[..form.find("</form>").unwrap_or(form.len())];
        let action =
            attribute(&form[..form.find('>').unwrap_or(form.len())], "action").ok_or("a form without action")?;
        let mut fields = Vec::new();
        for tag in form.split("<input").skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let tag = format!(" {tag}");
            match (attribute(&tag, "type").as_deref(), attribute(&tag, "name")) {
                (Some("hidden"), Some(name)) => fields.push((name, attribute(&tag, "value").unwrap_or_default())),
                (_, Some(name)) if name == "login" => fields.push((name, login.to_owned())),
                (_, Some(name)) if name == "password" => fields.push((name, "any password".to_owned())),
                _ => {}
            }
        }
        post = Some(
            fields.iter().map(|(n, v)| format!("{}={}", form_encode(n), form_encode(v))).collect::<Vec<_>>().join("&"),
        );
        url = resolve(&url, &action);
    }
    Err(format!("no way back to {back_to} after 20 steps (last {url})"))
}
