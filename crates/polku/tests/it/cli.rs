use crate::{repo_root, run, stderr};
use testkit::TempDir;

#[test]
fn help_teaches() {
    let dir = TempDir::new();
    let out = run(&dir.0, &["--help"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "polku serve --demo",
        "serve",
        "import",
        "export",
        "user",
        "rules",
        "simulate",
        "population",
        "--data-dir",
        "--database-url",
    ] {
        assert!(text.contains(expected), "--help lacks {expected}: {text}");
    }
}

#[test]
fn import_export_round_trip_and_all_or_nothing() {
    let dir = TempDir::new();
    let demo: Vec<String> = ["organizations", "units", "channels", "services"]
        .iter()
        .map(|part| repo_root().join(format!("data/demo/{part}.json")).display().to_string())
        .collect();
    // Organizations first; then the rest in one go.
    let out = run(&dir.0, &["import", &demo[0]], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("created:   26 (organization 26)"), "{}", stderr(&out));
    // Units refer to organizations that now exist.
    for file in &demo[1..] {
        let out = run(&dir.0, &["import", file], None);
        assert!(out.status.success(), "{file}: {}", stderr(&out));
    }
    // Importing the same again changes nothing.
    let again = run(&dir.0, &["import", &demo[3]], None);
    assert!(stderr(&again).contains("created:   0") && stderr(&again).contains("updated:   0"), "{}", stderr(&again));

    let export = dir.0.join("export.json");
    let out = run(&dir.0, &["export", export.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let exported: serde_json::Value = serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    assert_eq!(exported["services"].as_array().unwrap().len(), 100);

    // Into a new database: the export is a complete catalog.
    let other = TempDir::new();
    let out = run(&other.0, &["import", export.to_str().unwrap(), "--json"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["created"].as_array().unwrap().len(), 216);
    let round = other.0.join("round.json");
    run(&other.0, &["export", round.to_str().unwrap()], None);
    assert_eq!(
        std::fs::read(&export).unwrap(),
        std::fs::read(&round).unwrap(),
        "export → import → export is identical"
    );

    // One bad object refuses the whole document; nothing is written.
    let mut bad = exported.clone();
    bad["services"][0]["name"]["fi"] = serde_json::json!("Muutettu nimi");
    bad["services"][5]["area"] = serde_json::json!(["999"]);
    bad["units"][2]["location"] = serde_json::json!({"lat": 25.6, "lon": 60.4});
    let bad_file = dir.0.join("bad.json");
    std::fs::write(&bad_file, bad.to_string()).unwrap();
    let out = run(&other.0, &["import", bad_file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("services[5].area[0]: unknown municipality code \"999\""), "{message}");
    assert!(message.contains("units[2].location"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    let after = other.0.join("after.json");
    run(&other.0, &["export", after.to_str().unwrap()], None);
    assert_eq!(std::fs::read(&export).unwrap(), std::fs::read(&after).unwrap(), "the refused import changed nothing");
}

#[test]
fn broken_documents_get_a_path_and_a_non_zero_exit() {
    let dir = TempDir::new();
    for (content, expected) in [
        ("{\"format\": \"polku-catalog\", \"version\": 1, \"services\": [", "EOF"),
        ("{\"format\": \"polku-catalog\", \"version\": 1, \"colour\": 1}", "unknown field `colour`"),
        ("{\"format\": \"polku-catalog\", \"version\": 1, \"organizations\": [{\"id\": 5}]}", "organizations[0].id"),
        ("{\"format\": \"other\", \"version\": 1}", "format: must be \"polku-catalog\""),
        ("not json", "expected"),
    ] {
        let file = dir.0.join("doc.json");
        std::fs::write(&file, content).unwrap();
        let out = run(&dir.0, &["import", file.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(1), "{content}");
        assert!(stderr(&out).contains(expected), "{content}: {}", stderr(&out));
    }
    let out = run(&dir.0, &["import", "/nonexistent/file.json"], None);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("cannot read /nonexistent/file.json"));
    let out = run(&dir.0, &["--database-url", "mysql://x", "export", "-"], None);
    assert!(!out.status.success() && stderr(&out).contains("unsupported database URL"), "{}", stderr(&out));
}

#[test]
fn users() {
    let dir = TempDir::new();
    let out = run(&dir.0, &["user", "add", "anna", "--password-stdin"], Some("a long enough password\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    let again = run(&dir.0, &["user", "add", "anna", "--password-stdin"], Some("a long enough password\n"));
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("exists already"));
    let short = run(&dir.0, &["user", "add", "ben", "--password-stdin"], Some("short\n"));
    assert_eq!(short.status.code(), Some(1));
    assert!(stderr(&short).contains("at least 12 characters"));
    // Roles: unknown ones are named, a professional needs an organisation.
    let wizard =
        run(&dir.0, &["user", "add", "nina", "--role", "wizard", "--password-stdin"], Some("a long enough password\n"));
    assert!(!wizard.status.success());
    assert!(
        stderr(&wizard).contains("unknown role \"wizard\"") && stderr(&wizard).contains("navigator"),
        "{}",
        stderr(&wizard)
    );
    let pro = run(
        &dir.0,
        &["user", "add", "pekka", "--role", "professional", "--password-stdin"],
        Some("a long enough password\n"),
    );
    assert_eq!(pro.status.code(), Some(1));
    assert!(stderr(&pro).contains("organization"), "{}", stderr(&pro));
    let roles = run(&dir.0, &["user", "roles", "anna", "--role", "auditor", "--role", "planner"], None);
    assert!(roles.status.success(), "{}", stderr(&roles));
    let list = run(&dir.0, &["user", "list"], None);
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("anna\tplanner,auditor\t-\tlocal"),
        "{}",
        String::from_utf8_lossy(&list.stdout)
    );
    assert!(run(&dir.0, &["user", "logout", "anna"], None).status.success());
    let verify = run(&dir.0, &["audit", "verify"], None);
    assert!(verify.status.success(), "{}", stderr(&verify));
    assert!(String::from_utf8_lossy(&verify.stdout).contains("access log intact: 0 rows verified"));
}

#[test]
fn rules_check_points_at_file_line_and_column() {
    let dir = TempDir::new();
    let data_dir = dir.0.join("no-database-here");
    let data_dir = data_dir.to_str().unwrap();
    let out = run(
        &dir.0,
        &["--data-dir", data_dir, "rules", "check", repo_root().join("data/rules").to_str().unwrap()],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 errors, 0 warnings"), "{}", stderr(&out));
    assert!(stderr(&out).contains(", 11 fees,"), "{}", stderr(&out));
    assert!(stderr(&out).contains(" legal clocks,") && !stderr(&out).contains(", 0 legal clocks,"), "{}", stderr(&out));
    assert!(stderr(&out).contains("against the demo catalog"), "{}", stderr(&out));
    assert!(!dir.0.join("no-database-here").exists(), "checking must not create a database");

    let rules = dir.0.join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(
        rules.join("bad.rules"),
        "set today\nrule x.one\n  service svc-home-care\n  area 638\n  valid 2023-01-01 ..\n  basis \"b\"\n  right appropriation\n  when\n    age >= 70\n    age < 60\n",
    )
    .unwrap();
    // A fee without a legal basis, for a service that is not in the catalog.
    std::fs::write(
        rules.join("bad.fees"),
        "fee x.fee\n  service svc-nothing\n  valid 2026-01-01 ..\n  verified no\n  kind fixed\n  amount 5\n  per visit\n",
    )
    .unwrap();
    let clock = std::fs::read_to_string(repo_root().join("data/rules/clocks/social-care.clocks")).unwrap();
    std::fs::write(rules.join("bad.clocks"), clock.replacen("svc-home-care", "svc-nothing", 1)).unwrap();
    let out = run(&dir.0, &["--data-dir", data_dir, "rules", "check", rules.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings = String::from_utf8_lossy(&out.stdout);
    assert!(findings.contains("bad.clocks:") && findings.contains("unknown service `svc-nothing`"), "{findings}");
    assert!(findings.contains("bad.fees:1:1: error: fee `x.fee` has no legal basis"), "{findings}");
    assert!(findings.contains("bad.rules:10:5: error: this condition can never hold"), "{findings}");
    assert!(findings.contains("bad.rules:2:1: error: rule `x.one` can never match"), "{findings}");
}

#[test]
fn simulate_writes_the_table_and_population_files_are_checked() {
    let dir = TempDir::new();
    let out = run(&dir.0, &["simulate", "--proposal", "proposal-b", "--on", "2026-11-23"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8_lossy(&out.stdout);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "service,municipality,age_band,eligible_before,eligible_after,gained,lost,cost_change_eur,fee_revenue_change_eur"
        )
    );
    // 16 services × 7 municipalities × 6 age bands.
    assert_eq!(lines.count(), 16 * 7 * 6);
    assert!(stderr(&out).contains("98972 persons"), "{}", stderr(&out));

    // Side by side: a proposal column first.
    let out =
        run(&dir.0, &["simulate", "--proposal", "proposal-a", "--proposal", "proposal-b", "--format", "json"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);

    // A generated population file reads back; a broken one is refused with line and column.
    let people = dir.0.join("people.csv");
    let out = run(&dir.0, &["population", "generate", "--size", "1000", "--out", people.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&dir.0, &["simulate", "--proposal", "proposal-a", "--population", people.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("1000 persons"), "{}", stderr(&out));
    let text = std::fs::read_to_string(&people).unwrap();
    let broken = text.replacen('\n', "\n-1", 2).replacen("\n-1", "\n", 1);
    std::fs::write(&people, broken).unwrap();
    let out = run(&dir.0, &["simulate", "--proposal", "proposal-a", "--population", people.to_str().unwrap()], None);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 3, column 1 (`age`)"), "{}", stderr(&out));
    assert!(stderr(&out).contains("impossible"), "{}", stderr(&out));

    // Without a proposal: today's counts, costs and fee revenue alone.
    let out = run(&dir.0, &["simulate", "--on", "2026-11-23"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(csv.lines().next(), Some("service,municipality,age_band,eligible,cannot_tell,cost_eur,fee_revenue_eur"));
    assert_eq!(csv.lines().count(), 1 + 16 * 7 * 6);
    let home_care_fees: f64 = csv
        .lines()
        .filter(|l| l.starts_with("svc-home-care,"))
        .map(|l| l.rsplit(',').next().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!(home_care_fees > 0.0, "{csv}");
    assert!(stderr(&out).contains("client fees"), "{}", stderr(&out));

    // A spreadsheet's file (BOM, CRLF) reads; a quoted line break is named.
    let excel = dir.0.join("excel.csv");
    std::fs::write(&excel, "\u{feff}age,municipality,rai_maple\r\n80,638,4\r\n70,\"434\",1\r\n").unwrap();
    let out = run(&dir.0, &["simulate", "--population", excel.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 persons"), "{}", stderr(&out));
    std::fs::write(&excel, "age,sex\n80,\"fe\nmale\"\n").unwrap();
    let out = run(&dir.0, &["simulate", "--population", excel.to_str().unwrap()], None);
    assert!(stderr(&out).contains("line 2, column 2: the value of `sex` spans more than one line"), "{}", stderr(&out));

    let out = run(&dir.0, &["simulate", "--proposal", "proposal-z"], None);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no proposal `proposal-z`"), "{}", stderr(&out));
}

#[test]
fn parquet_and_arrow_populations_give_the_csvs_table() {
    let dir = TempDir::new();
    let table = |file: &str| {
        let path = dir.0.join(file);
        let out = run(&dir.0, &["population", "generate", "--size", "3000", "--out", path.to_str().unwrap()], None);
        assert!(out.status.success(), "{}", stderr(&out));
        let out = run(&dir.0, &["simulate", "--on", "2026-11-23", "--population", path.to_str().unwrap()], None);
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        assert!(stderr(&out).contains("3000 persons"), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = table("people.csv");
    assert_eq!(csv.lines().next(), Some("service,municipality,age_band,eligible,cannot_tell,cost_eur,fee_revenue_eur"));
    // 16 services for each (municipality, age band) with residents among the 3,000.
    assert!(csv.lines().count() > 1 + 16 * 7 * 4, "{csv}");
    assert_eq!(table("people.parquet"), csv);
    assert_eq!(table("people.arrow"), csv);
    assert!(std::fs::read(dir.0.join("people.parquet")).unwrap().starts_with(b"PAR1"));
    // A file that is not what its name says, and one of another schema, are refused.
    let fake = dir.0.join("fake.parquet");
    std::fs::copy(dir.0.join("people.csv"), &fake).unwrap();
    let out = run(&dir.0, &["simulate", "--population", fake.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("not a Parquet file Polku can read"), "{}", stderr(&out));
}

fn shared(file: &str) -> Option<std::path::PathBuf> {
    testkit::shared_file(&format!("data/{file}"))
}

#[test]
fn access_matrix_on_a_real_network_and_its_refusals() {
    let dir = TempDir::new();
    let points = dir.0.join("points.csv");
    std::fs::write(&points, "id,lat,lon\nstation,60.1719,24.9414\nesplanadi,60.1675,24.9480\nfar,60.30,24.50\n")
        .unwrap();
    let data = dir.0.join("data");
    let data = data.to_str().unwrap();
    if let Some(pbf) = shared("osm/helsinki_centre.osm.pbf") {
        let out =
            run(&dir.0, &["--data-dir", data, "access", "import-osm", pbf.to_str().unwrap(), "--name", "hki"], None);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).contains("network `hki` ready"), "{}", stderr(&out));
        let p = points.to_str().unwrap();
        let out = run(
            &dir.0,
            &[
                "--data-dir",
                data,
                "access",
                "matrix",
                "--network",
                "hki",
                "--mode",
                "walk",
                "--from",
                p,
                "--to",
                p,
                "--out",
                "-",
            ],
            None,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let csv = String::from_utf8_lossy(&out.stdout).into_owned();
        let minutes = |from: &str, to: &str| -> Option<f64> {
            let line = csv.lines().find(|l| l.starts_with(&format!("{from},{to},")))?;
            line.rsplit(',').next()?.parse().ok()
        };
        // The station to the Esplanadi: about 700 m, 8–15 minutes on foot, the same both ways on foot.
        let t = minutes("station", "esplanadi").expect("reachable");
        assert!((7.0..16.0).contains(&t), "{t}");
        assert_eq!(minutes("esplanadi", "station"), Some(t));
        // Far outside the extract: empty, not zero.
        assert!(csv.contains("station,far,\n") && csv.contains("far,station,\n"), "{csv}");
        // Straight from the file: plain searches, or a hierarchy prepared and kept by the
        // file's content (found again under another file name), all with the same times.
        let copy = dir.0.join("same-bytes.osm.pbf");
        std::fs::copy(&pbf, &copy).unwrap();
        let from_file = |file: &std::path::Path, method: &str, out: &str| {
            let out = run(
                &dir.0,
                &[
                    "--data-dir",
                    data,
                    "access",
                    "matrix",
                    "--network",
                    file.to_str().unwrap(),
                    "--mode",
                    "walk",
                    "--from",
                    p,
                    "--to",
                    p,
                    "--method",
                    method,
                    "--out",
                    out,
                ],
                None,
            );
            assert!(out.status.success(), "{}", stderr(&out));
            (String::from_utf8_lossy(&out.stdout).into_owned(), stderr(&out))
        };
        let (plain, said) = from_file(&pbf, "auto", "-");
        assert!(said.contains("plain searches"), "{said}");
        assert_eq!(plain, csv);
        let (prepared, said) = from_file(&pbf, "hierarchy", "-");
        assert!(said.contains("kept for the next run on this file"), "{said}");
        assert_eq!(prepared, csv);
        let (again, said) = from_file(&copy, "auto", "-");
        assert!(said.contains("prepared from this file earlier"), "{said}");
        assert_eq!(again, csv);
        // Arrow IPC and Parquet by the file name.
        for (name, magic) in [("times.arrow", &b"ARROW1"[..]), ("times.parquet", &b"PAR1"[..])] {
            let file = dir.0.join(name);
            from_file(&copy, "auto", file.to_str().unwrap());
            let bytes = std::fs::read(&file).unwrap();
            assert!(bytes.starts_with(magic) && bytes.len() > 200, "{name}");
            assert!(!dir.0.join(format!("{name}.partial")).exists());
        }
    }
    let bad = dir.0.join("bad.csv");
    std::fs::write(&bad, "id,lat,lon\nx,24.94,60.17\n").unwrap();
    let out = run(
        &dir.0,
        &[
            "--data-dir",
            data,
            "access",
            "matrix",
            "--network",
            "nowhere",
            "--mode",
            "walk",
            "--from",
            bad.to_str().unwrap(),
            "--to",
            points.to_str().unwrap(),
            "--out",
            "-",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("are latitude and longitude swapped?"), "{}", stderr(&out));
    let out = run(
        &dir.0,
        &[
            "--data-dir",
            data,
            "access",
            "matrix",
            "--network",
            "nowhere",
            "--mode",
            "walk",
            "--from",
            points.to_str().unwrap(),
            "--to",
            points.to_str().unwrap(),
            "--out",
            "-",
        ],
        None,
    );
    assert!(stderr(&out).contains("no walk network `nowhere`"), "{}", stderr(&out));
    let text = dir.0.join("roads.osm.pbf");
    std::fs::write(&text, "not a pbf").unwrap();
    let out = run(&dir.0, &["--data-dir", data, "access", "import-osm", text.to_str().unwrap()], None);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is not a readable OpenStreetMap PBF file"), "{}", stderr(&out));
}

#[test]
fn access_report_for_the_demo_county_says_it_is_an_estimate() {
    let dir = TempDir::new();
    let out = run(
        &dir.0,
        &[
            "--data-dir",
            dir.0.join("d").to_str().unwrap(),
            "access",
            "report",
            "--service",
            "svc-home-care",
            "--age",
            "75+",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.starts_with("area,population,mean,median,p90,within_10,within_20,within_30,unreachable\ncounty,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + 1 + 7);
    assert!(stderr(&out).contains("straight-line ESTIMATES"), "{}", stderr(&out));
}

#[test]
fn ptv_import_updates_newer_ignores_older_retires_unlinked_and_refuses_faults() {
    let dir = TempDir::new();
    let data = dir.0.join("d");
    let data = data.to_str().unwrap();
    let ptv = repo_root().join("data/ptv");
    let out = run(&dir.0, &["--data-dir", data, "import", "ptv", ptv.join("demo").to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("created:   66 (channel 20, organization 8, service 15, unit 23)"),
        "{}",
        stderr(&out)
    );
    // The later export: four services newer, one older (left alone), a location unlinked (retired).
    let out =
        run(&dir.0, &["--data-dir", data, "import", "ptv", ptv.join("demo-v2").to_str().unwrap(), "--json"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let updated: Vec<&str> = report["updated"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for id in [
        "1a736082-03f9-530f-85db-67b9e018dff3",
        "2a9574fa-06e4-546f-b1e6-c54833df45f6",
        "e7c2bc9c-b9e8-5261-a9eb-1c25407d180e",
        "09ba0aea-2783-552b-8edd-ebbbb429c273",
    ] {
        assert!(updated.contains(&format!("service:{id}").as_str()), "{id} not updated: {updated:?}");
    }
    assert!(updated.contains(&"unit:16004f70-afa7-51f5-a6c7-ebd4fd1119c6"), "changed hours: {updated:?}");
    assert!(
        !updated.iter().any(|u| u.contains("710f808e-6df4-52c2-926a-50468a6d4e56")),
        "the older version changed something"
    );
    assert!(
        report["older_or_same"].as_array().unwrap().iter().any(|v| v == "service:710f808e-6df4-52c2-926a-50468a6d4e56")
    );
    assert_eq!(report["retired"], serde_json::json!(["unit:f100aa92-53b4-545f-94a7-1e491e409a4d"]));
    // Retired, not deleted: still exported, with an end date.
    let export = dir.0.join("export.json");
    let out = run(&dir.0, &["--data-dir", data, "export", export.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    let unit =
        doc["units"].as_array().unwrap().iter().find(|u| u["id"] == "f100aa92-53b4-545f-94a7-1e491e409a4d").unwrap();
    assert!(unit["valid_to"].is_string(), "{unit}");
    let before = std::fs::read(&export).unwrap();

    // Every fault: refused with its path and reason, nothing written.
    let expected = std::fs::read_to_string(ptv.join("faults/EXPECTED.tsv")).unwrap();
    for line in expected.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (file, path, text) = (f[0], f[1], f[2]);
        let case = dir.0.join(format!("case-{file}"));
        std::fs::create_dir_all(&case).unwrap();
        std::fs::copy(ptv.join("demo/organizations.json"), case.join("organizations.json")).unwrap();
        if file.starts_with("services") || file == "deep.json" {
            std::fs::copy(ptv.join("demo/channels.json"), case.join("channels.json")).unwrap();
        }
        std::fs::copy(ptv.join("faults").join(file), case.join(file)).unwrap();
        let out = run(&dir.0, &["--data-dir", data, "import", "ptv", case.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(1), "{file}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.lines().any(|l| l.contains(&format!("{file}{path}")) && l.contains(text)),
            "{file}: expected `{path}` with `{text}`:\n{err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
    }
    let out = run(&dir.0, &["--data-dir", data, "export", export.to_str().unwrap()], None);
    assert!(out.status.success());
    assert_eq!(std::fs::read(&export).unwrap(), before, "a refused import changed the catalog");
}

#[test]
fn hsds_export_and_import_round_trip_through_files() {
    // `run` gives each call its directory's database.
    let (dir, other) = (TempDir::new(), TempDir::new());
    for part in ["organizations", "units", "channels", "services"] {
        let file = repo_root().join(format!("data/demo/{part}.json"));
        let out = run(&dir.0, &["import", file.to_str().unwrap()], None);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let hsds = dir.0.join("hsds");
    let out = run(&dir.0, &["export", "hsds", hsds.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    for lang in ["fi", "sv", "en"] {
        for file in ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"] {
            let v: serde_json::Value =
                serde_json::from_slice(&std::fs::read(hsds.join(lang).join(format!("{file}.json"))).unwrap()).unwrap();
            assert!(v.as_array().is_some_and(|a| !a.is_empty()), "{lang}/{file}.json");
        }
    }
    let sv: serde_json::Value = serde_json::from_slice(&std::fs::read(hsds.join("sv/services.json")).unwrap()).unwrap();
    assert!(sv.as_array().unwrap().iter().any(|s| s["name"] == "Hemvård"), "Swedish names in sv/");
    let out = run(&other.0, &["import", "hsds", hsds.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("created:   185 (organization 26, service 100, unit 59)"), "{}", stderr(&out));
    let out = run(&other.0, &["import", "hsds", hsds.to_str().unwrap()], None);
    assert!(stderr(&out).contains("unchanged: 185"), "a second import changes nothing: {}", stderr(&out));
    std::fs::write(hsds.join("fi/services.json"), "[{\"id\": ").unwrap();
    let out = run(&other.0, &["import", "hsds", hsds.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("fi/services.json$[0]: the file ends in the middle"), "{}", stderr(&out));
}

#[test]
fn vocab_import_checks_the_shipped_codes_against_finto() {
    let Some(finto) = testkit::shared_file("reference/ptv/finto_ServiceClasses.json") else { return };
    let dir = TempDir::new();
    let out = run(&dir.0, &["import", "vocab", finto.parent().unwrap().to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("every code has its names in fi/sv/en as Polku ships them (266 codes)"),
        "{}",
        stderr(&out)
    );
    // A published list with a code Polku does not know: exit 1 and the code named.
    let mine = dir.0.join("finto");
    std::fs::create_dir(&mine).unwrap();
    for f in ["finto_ServiceClasses.json", "finto_TargetGroups.json", "finto_LifeEvents.json"] {
        std::fs::copy(finto.parent().unwrap().join(f), mine.join(f)).unwrap();
    }
    let extra = r#"[{"Id": "x", "Notation": "KE99", "Label": {"Fi": "Uusi", "Sv": "Ny", "En": "New"}}]"#;
    std::fs::write(mine.join("finto_LifeEvents.json"), extra).unwrap();
    let out = run(&dir.0, &["import", "vocab", mine.to_str().unwrap(), "--json"], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("\"new\":[\"KE99\"]"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn plan_p_median_writes_its_cells_and_refuses_what_cannot_be_met() {
    let dir = TempDir::new();
    let data = dir.0.join("d");
    let cells = dir.0.join("cells.csv");
    let instance = dir.0.join("instance");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> =
            ["--data-dir", data.to_str().unwrap(), "plan", "p-median", "--service", "svc-doctor-appointment"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let a = args(&[
        "-p",
        "3",
        "--generate",
        "20",
        "--solver",
        "heuristic",
        "--out",
        cells.to_str().unwrap(),
        "--export-instance",
        instance.to_str().unwrap(),
    ]);
    let out = run(&dir.0, &a.iter().map(String::as_str).collect::<Vec<_>>(), None);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("area,population,mean_before,mean_after,"), "{table}");
    assert_eq!(table.lines().count(), 1 + 1 + 7, "county and the seven municipalities");
    assert!(
        stderr(&out).contains("3 sites open") && stderr(&out).contains("straight-line ESTIMATES"),
        "{}",
        stderr(&out)
    );
    let written = std::fs::read_to_string(&cells).unwrap();
    assert!(written.starts_with("cell_id,municipality,lat,lon,weight,site_id,minutes,estimate\n"));
    // The exported instance solves to the same value.
    let solved = run(
        &dir.0,
        &["plan", "p-median", "-p", "3", "--instance", instance.to_str().unwrap(), "--solver", "heuristic"],
        None,
    );
    assert!(solved.status.success(), "{}", stderr(&solved));
    let v: serde_json::Value = serde_json::from_slice(&solved.stdout).unwrap();
    assert_eq!(v["open"].as_array().unwrap().len(), 3);
    // More fixed sites than p: refused naming the constraint, non-zero exit.
    let a = args(&[
        "-p",
        "2",
        "--fixed",
        "unit-porvoo-health-station",
        "--fixed",
        "unit-loviisa-health-station",
        "--fixed",
        "unit-sipoo-health-station",
    ]);
    let out = run(&dir.0, &a.iter().map(String::as_str).collect::<Vec<_>>(), None);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("--fixed: p = 2 is smaller than the 3 sites that must stay open"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn referrals_are_swept_and_delivered_from_the_command_line() {
    let dir = TempDir::new();
    let out = run(&dir.0, &["referrals", "sweep"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("0 referrals newly overdue") && said.contains("0 clients with a broken path"), "{said}");
    let out = run(&dir.0, &["referrals", "deliver"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 notifications tried; 0 dead letters"));
    let help = run(&dir.0, &["referrals", "--help"], None);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("sweep") && help.contains("deliver") && help.contains("docs/paths.md"), "{help}");
}
