//! The `polku` binary end to end: command line, import/export, users, and the
//! browser checks (axe-core in headless Chromium) against a real server.

mod browser;
mod cli;
mod notifications;
mod servers;
mod sso;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn polku(data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_polku"));
    command.args(args).arg("--data-dir").arg(data_dir).env("POLKU_LOG", "warn").env_remove("POLKU_DATABASE_URL");
    command
}

pub fn run(data_dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut command = polku(data_dir, args);
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("run polku");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait for polku")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}
