//! WCAG 2.1 AA: axe-core in headless Chromium over every kind of page, in three
//! languages, against the real `polku` binary (tests/browser/run.sh); and what users see
//! (`layout.mjs`: console and CSP errors, sideways overflow, SVG text, hidden elements at
//! 390 and 1280 px), with screenshots kept under the target directory. Skips with a visible
//! message when Chromium or Node is missing, unless POLKU_REQUIRE_BROWSER=1 (CI).

use crate::repo_root;
use std::process::Command;

#[test]
fn pages_pass_axe_in_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let required = std::env::var("POLKU_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !std::path::Path::new(&chromium).exists() || !node {
        assert!(!required, "POLKU_REQUIRE_BROWSER=1 but Chromium ({chromium}) or node is missing");
        testkit::skipped(&format!(
            "pages_pass_axe_in_chromium: needs Chromium at {chromium} and Node.js (apt-get install chromium)"
        ));
        return;
    }
    let script = repo_root().join("tests/browser/run.sh");
    let artefacts = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-artefacts");
    let output = Command::new("bash")
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_polku"))
        .env("BROWSER_ARTEFACTS", &artefacts)
        .output()
        .expect("run tests/browser/run.sh");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "browser checks failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains(", 0 violations"), "{stdout}");
    assert!(stdout.contains(" 0 problems; screenshots in"), "{stdout}");
}
