//! The commands: each opens the store, builds the application and does one thing.

use crate::cli::{
    AccessCommand, AuditCommand, Cli, Command, DbArgs, ExportArgs, GenerateArgs, ImportArgs, PopulationCommand,
    ReferralsCommand, RulesCommand, ServeArgs, UserCommand,
};
use anyhow::{Context, bail};
use app::demo::DemoOutcome;
use app::{Actor, AppError, ImportReport, Polku, SystemClock};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

pub fn init_tracing(filter: &str) {
    let filter =
        tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

pub(crate) async fn open(db: &DbArgs) -> anyhow::Result<Arc<Polku>> {
    let store = match &db.database_url {
        Some(url) => store_sql::SqlStore::connect(url).await?,
        None => store_sql::SqlStore::open_data_dir(&db.data_dir)
            .await
            .with_context(|| format!("opening the SQLite database under {}", db.data_dir.display()))?,
    };
    let store = Arc::new(store);
    let pseudonyms = pseudonym_key(db)?;
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), Arc::new(SystemClock)).await?;
    Ok(Arc::new(
        polku
            .with_clients(store.clone(), store.clone(), pseudonyms)
            .with_capacity(store.clone())
            .with_paths(store.clone())
            .with_monitoring(store.clone())
            .with_feedback(store.clone())
            .with_search_log(store.clone())
            .with_sso(store),
    ))
}

/// The pseudonym key: `--pseudonym-key`, or `<data-dir>/pseudonym.key`, made on first use.
fn pseudonym_key(db: &DbArgs) -> anyhow::Result<app::clients::Pseudonyms> {
    if let Some(hex) = &db.pseudonym_key {
        return app::clients::Pseudonyms::from_hex(hex).map_err(|_| {
            anyhow::anyhow!("--pseudonym-key (POLKU_PSEUDONYM_KEY) must be 64 hexadecimal digits (32 random bytes)")
        });
    }
    let path = db.data_dir.join("pseudonym.key");
    match std::fs::read_to_string(&path) {
        Ok(hex) => app::clients::Pseudonyms::from_hex(&hex)
            .map_err(|_| anyhow::anyhow!("{} is damaged: it must hold 64 hexadecimal digits", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(&db.data_dir)
                .with_context(|| format!("cannot create data directory {}", db.data_dir.display()))?;
            let hex = app::auth::random_token();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&path).with_context(|| format!("cannot create {}", path.display()))?;
            file.write_all(hex.as_bytes()).and_then(|_| file.sync_all())?;
            tracing::info!(path = %path.display(), "pseudonym key made; keep it with the database's backups, apart from them");
            Ok(app::clients::Pseudonyms::from_hex(&hex)?)
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

pub(crate) fn spinner(message: &str) -> ProgressBar {
    let bar = if std::io::stderr().is_terminal() { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve(&cli.db, *args).await,
        Command::Import(args) => import(&cli.db, args).await,
        Command::Export(args) => export(&cli.db, args).await,
        Command::Generate(args) => generate(args),
        Command::User(UserCommand::Add { username, roles, organization, password_stdin }) => {
            add_user(&cli.db, &username, &roles, organization.as_deref(), password_stdin).await
        }
        Command::User(UserCommand::Roles { username, roles, organization }) => {
            set_roles(&cli.db, &username, &roles, organization.as_deref()).await
        }
        Command::User(UserCommand::List) => list_users(&cli.db).await,
        Command::User(UserCommand::Logout { username }) => {
            open(&cli.db).await?.logout_everywhere(&username).await?;
            eprintln!("every session of {username:?} ended");
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(AuditCommand::Verify) => verify_audit(&cli.db).await,
        Command::Audit(AuditCommand::Purge { older_than_days }) => {
            let removed = open(&cli.db).await?.purge_audit(older_than_days).await?;
            eprintln!("{removed} access-log rows older than {older_than_days} days removed");
            Ok(ExitCode::SUCCESS)
        }
        Command::Monitoring(command) => crate::monitoring::run(&cli.db, command).await,
        Command::Referrals(ReferralsCommand::Sweep) => {
            let report = open(&cli.db).await?.sweep().await?;
            println!(
                "{} referrals newly overdue; {} open referrals past their earliest deadline; {} clients with a broken path",
                report.newly_overdue, report.overdue, report.broken_paths
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Referrals(ReferralsCommand::Deliver) => {
            let polku = open(&cli.db).await?;
            let couriers = notify::Couriers { http: notify::HttpCourier::default(), smtp: None };
            let tried = polku.deliver_due(&couriers).await?;
            // The command line has the machine, and so the administrator's role.
            let cli = app::auth::Principal {
                username: "cli".into(),
                display_name: None,
                roles: vec![domain::client::Role::Administrator],
                organization: None,
                client: None,
            };
            let dead = polku.outbox(Some(&cli), Some("dead")).await?;
            println!("{tried} notifications tried; {} dead letters", dead.len());
            for d in dead {
                println!("  {} {} {}: {}", d.id, d.kind, d.target, d.last_error.unwrap_or_default());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules(RulesCommand::Check { dir }) => crate::eligibility::check(&cli.db, &dir).await,
        Command::Simulate(args) => crate::eligibility::simulate(args),
        Command::Population(PopulationCommand::Generate { size, seed, out }) => {
            crate::eligibility::generate(size, seed, &out)
        }
        Command::Access(AccessCommand::ImportOsm { file, name }) => crate::access::import_osm(&cli.db, &file, name),
        Command::Access(AccessCommand::Matrix { network, mode, from, to, method, out }) => {
            crate::access::matrix(&cli.db, &network, &mode, &from, &to, method, &out)
        }
        Command::Access(AccessCommand::Grid { file, crs, out }) => crate::access::grid(&file, &crs, out.as_deref()),
        Command::Access(AccessCommand::Report { service, mode, age, format }) => {
            crate::access::report(&cli.db, &service, &mode, &age, format).await
        }
        Command::Plan(command) => crate::plan::run(&cli.db, *command).await,
    }
}

async fn demo_events(polku: &Polku, sample: u32) -> Result<(), AppError> {
    polku.publish_population().await?;
    // Generated again on each start (a few seconds) and stored only where it is not yet
    // whole: a server stopped half-way through the first run finishes it here.
    if sample > 0 {
        let report = polku.generate_events(2026, 20_261_207, sample, &Actor::System).await?;
        if report.inserted > 0 {
            tracing::info!(stored = report.inserted, sample, "the demo's synthetic monitoring events stored");
        }
    }
    // A threshold, so that the demo shows an alert: the synthetic year's dip in Loviisa's
    // child-protection assessments in the summer (docs/synthetic-events.md).
    if polku.alert_rules(&Actor::System).await?.is_empty() {
        let rule = app::monitoring::AlertRule {
            id: "loviisa-child-protection-7wd".into(),
            indicator: "child_protection_7wd".into(),
            municipality: Some("434".into()),
            period: "month".into(),
            direction: "below".into(),
            threshold: 95.0,
            manager: "perhepalvelut@itu.example".into(),
            created_by: String::new(),
        };
        polku.put_alert_rule(rule, &Actor::System).await?;
    }
    let raised = polku.check_alerts().await?;
    if !raised.is_empty() {
        tracing::info!(alerts = raised.len(), "monitoring alerts raised on the demo's events");
    }
    polku.monitoring_engine().await?;
    Ok(())
}

async fn serve(db: &DbArgs, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let polku = open(db).await?;
    if args.demo {
        match polku.load_demo().await.context("loading the demo county")? {
            DemoOutcome::Loaded(report) => tracing::info!(created = report.created.len(), "demo county loaded"),
            DemoOutcome::AlreadyPresent { objects } => {
                tracing::info!(objects, "the database already holds a catalog; demo not loaded again")
            }
        }
    }
    if args.demo {
        // The demo's synthetic year of events, in the background: the pages show "no data"
        // until it is stored (see BENCHMARKS.md for how long that takes).
        let (polku, sample) = (polku.clone(), args.demo_sample);
        tokio::spawn(async move {
            if let Err(e) = demo_events(&polku, sample).await {
                tracing::warn!(error = %e, "the demo's synthetic events were not generated");
            }
        });
    }
    // Alert thresholds against the monitoring figures, hourly; new alerts' e-mails go
    // through the outbox that the delivery loop sends.
    let _alerts = {
        let polku = polku.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                every.tick().await;
                match polku.check_alerts().await {
                    Ok(raised) if !raised.is_empty() => {
                        tracing::info!(alerts = raised.len(), "monitoring alerts raised")
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "checking the monitoring alerts failed; tried again in an hour")
                    }
                }
            }
        })
    };
    if let Some(name) = &args.network {
        let loaded = crate::access::load_networks(db, name, &polku)?;
        tracing::info!(network = %name, modes = %loaded, "accessibility is routed on the road network");
    }
    let snapshot = polku.snapshot();
    tracing::info!(services = snapshot.catalog.services.len(), units = snapshot.catalog.units.len(), "catalog ready");
    drop(snapshot);
    // The catalog team's synonym lists, when saved (else the shipped files).
    polku.reload_synonyms().await?;
    // Other servers' writes, through the database's change log.
    let _follower = polku.follow(std::time::Duration::from_millis(args.follow_ms));
    // Search counts go to the database in the background, never in a search's way.
    let search_counts = polku.flush_search_log_every(std::time::Duration::from_secs(10));
    // Access-log rows past retention go once a day.
    let retention = {
        let (polku, days) = (polku.clone(), args.audit_retention_days);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
            loop {
                every.tick().await;
                if let Err(e) = polku.purge_audit(days).await {
                    tracing::warn!(error = %e, "removing access-log rows past retention failed; tried again tomorrow");
                }
            }
        })
    };
    let secret = |name: &str| std::env::var(name).ok().filter(|s| !s.is_empty());
    let sso = match (&args.oidc_issuer, &args.oidc_client_id) {
        (Some(issuer), Some(client_id)) => Some(web::OidcConfig {
            scopes: args.oidc_scopes.clone(),
            username_claim: args.oidc_username_claim.clone(),
            roles_claim: args.oidc_roles_claim.clone(),
            organization_claim: args.oidc_organization_claim.clone(),
            ..web::OidcConfig::new(issuer, client_id, secret("POLKU_OIDC_CLIENT_SECRET"))
        }),
        _ => None,
    };
    let resident_sso = match (&args.resident_oidc_issuer, &args.resident_oidc_client_id) {
        (Some(issuer), Some(client_id)) => Some(web::OidcConfig {
            scopes: args.resident_oidc_scopes.clone(),
            hetu_claim: args.resident_hetu_claim.clone(),
            acr_values: args.resident_oidc_acr_values.clone(),
            ..web::OidcConfig::new(issuer, client_id, secret("POLKU_RESIDENT_OIDC_CLIENT_SECRET"))
        }),
        _ => None,
    };
    for (what, config) in [("staff", &sso), ("resident", &resident_sso)] {
        if let Some(config) = config {
            tracing::info!(
                provider = what,
                issuer = config.issuer,
                client_id = config.client_id,
                "single sign-on configured"
            );
        }
    }
    let notifications = spawn_notifications(&polku, &args)?;
    let config = web::WebConfig {
        secure_cookies: args.secure_cookies,
        trust_forwarded: args.trust_forwarded_for,
        public_url: Some(args.public_url.clone()),
        sso,
        resident_sso,
    };
    let state = web::AppState::new(polku.clone(), config);
    let listener =
        tokio::net::TcpListener::bind(args.bind).await.with_context(|| format!("cannot listen on {}", args.bind))?;
    let address = listener.local_addr()?;
    tracing::info!(%address, "Polku is listening: open http://{address}/");
    web::serve(listener, state, shutdown()).await?;
    search_counts.abort();
    if let Err(e) = polku.flush_search_log().await {
        tracing::warn!(error = %e, "the last search counts could not be written");
    }
    retention.abort();
    for task in notifications {
        task.abort();
    }
    Ok(ExitCode::SUCCESS)
}

/// The outbox's deliveries (webhooks, and e-mail when a relay is configured) and the
/// deadline sweep, each on its own interval. Several servers may run them at once: a
/// delivery is leased by one, and the sweep flags each referral once.
fn spawn_notifications(polku: &Arc<Polku>, args: &ServeArgs) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    let smtp = match &args.smtp_host {
        Some(host) => {
            let tls = match args.smtp_tls.as_str() {
                "none" => notify::Tls::None,
                "wrapper" => notify::Tls::Wrapper,
                _ => notify::Tls::StartTls,
            };
            let credentials =
                args.smtp_user.clone().map(|user| (user, std::env::var("POLKU_SMTP_PASSWORD").unwrap_or_default()));
            let config = notify::SmtpConfig {
                host: host.clone(),
                port: args.smtp_port,
                from: args.smtp_from.clone(),
                tls,
                credentials,
            };
            tracing::info!(host, port = args.smtp_port, "referral e-mails go through this SMTP relay");
            Some(notify::SmtpCourier::new(config).map_err(|e| anyhow::anyhow!("--smtp-host: {e}"))?)
        }
        None => None,
    };
    let couriers = Arc::new(notify::Couriers { http: notify::HttpCourier::default(), smtp });
    let deliver = {
        let (polku, every) = (polku.clone(), std::time::Duration::from_secs(args.deliver_seconds));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                if let Err(e) = polku.deliver_due(couriers.as_ref()).await {
                    tracing::warn!(error = %e, "delivering notifications failed; tried again shortly");
                }
            }
        })
    };
    let sweep = {
        let (polku, every) = (polku.clone(), std::time::Duration::from_secs(args.sweep_seconds));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                match polku.sweep().await {
                    Ok(r) if r.newly_overdue > 0 => {
                        tracing::info!(
                            newly_overdue = r.newly_overdue,
                            overdue = r.overdue,
                            broken_paths = r.broken_paths,
                            "referral deadlines swept"
                        )
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "the deadline sweep failed; tried again at the next interval"),
                }
            }
        })
    };
    Ok(vec![deliver, sweep])
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

fn read_input(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    }
    Ok(bytes)
}

pub(crate) fn print_report(report: &ImportReport, dry_run: bool) {
    let count = |list: &[String]| {
        let mut by_kind: std::collections::BTreeMap<&str, usize> = Default::default();
        for label in list {
            *by_kind.entry(label.split(':').next().unwrap_or("")).or_default() += 1;
        }
        let detail: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
        if detail.is_empty() { "0".to_owned() } else { format!("{} ({})", list.len(), detail.join(", ")) }
    };
    eprintln!("created:   {}", count(&report.created));
    eprintln!("updated:   {}", count(&report.updated));
    eprintln!("unchanged: {}", count(&report.unchanged));
    eprintln!("refused:   {}", report.refused.len());
    for problem in report.refused.iter().take(50) {
        eprintln!("  {}: {}", problem.field, problem.problem);
    }
    if report.refused.len() > 50 {
        eprintln!("  … and {} more", report.refused.len() - 50);
    }
    if !report.warnings.is_empty() {
        eprintln!("warnings:  {} (written all the same; worth a look)", report.warnings.len());
        for problem in report.warnings.iter().take(20) {
            eprintln!("  {}: {}", problem.field, problem.problem);
        }
        if report.warnings.len() > 20 {
            eprintln!("  … and {} more", report.warnings.len() - 20);
        }
    }
    if !report.refused.is_empty() {
        eprintln!("nothing was written: fix the problems above and import again");
    } else if dry_run {
        eprintln!("dry run: nothing was written");
    } else {
        eprintln!("import complete");
    }
}

async fn import(db: &DbArgs, args: ImportArgs) -> anyhow::Result<ExitCode> {
    match (args.file.to_str(), &args.source) {
        (Some("ptv"), Some(source)) => return crate::interop::import_ptv(db, source, args.dry_run, args.json).await,
        (Some("hsds"), Some(source)) => return crate::interop::import_hsds(db, source, args.dry_run, args.json).await,
        (Some("vocab"), Some(source)) => return crate::interop::import_vocab(source, args.json),
        (_, Some(_)) => bail!("`polku import {} …`: unknown format (known: ptv, hsds, vocab)", args.file.display()),
        _ => {}
    }
    let bar = spinner(&format!("reading {}", args.file.display()));
    let bytes = read_input(&args.file)?;
    bar.set_message("parsing");
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let parsed: Result<domain::CatalogDocument, _> = serde_path_to_error::deserialize(&mut deserializer);
    let problem = match parsed {
        Ok(document) => match deserializer.end() {
            Ok(()) => Ok(document),
            Err(e) => Err(("(after the document)".to_owned(), e.to_string())),
        },
        Err(e) => {
            let path = e.path().to_string();
            Err((if path == "." { "(top level)".to_owned() } else { path }, e.into_inner().to_string()))
        }
    };
    let document = match problem {
        Ok(document) => document,
        Err((path, message)) => {
            bar.finish_and_clear();
            eprintln!("error: {} is not a valid catalog document", args.file.display());
            eprintln!("  at {path}: {message}");
            eprintln!("nothing was written");
            return Ok(ExitCode::from(1));
        }
    };
    bar.set_message("opening the database");
    let polku = open(db).await?;
    bar.set_message(format!(
        "checking and writing {} objects",
        document.organizations.len() + document.units.len() + document.channels.len() + document.services.len()
    ));
    let report = polku.import(document, &Actor::Cli("import".into()), args.dry_run).await?;
    bar.finish_and_clear();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    print_report(&report, args.dry_run);
    Ok(if report.refused.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Write to a file (atomically: beside it, then renamed) or to standard output.
pub(crate) fn write_output(path: &std::path::Path, json: &[u8]) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        std::io::stdout().write_all(json)?;
    } else {
        // A failed write never leaves half a file behind.
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".partial");
        let tmp = std::path::PathBuf::from(tmp);
        std::fs::write(&tmp, json).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn generate(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let bar = spinner(&format!("generating {} services and {} units", args.services, args.units));
    let catalog = app::synthetic::catalog(args.services, args.units, args.seed)?;
    let document = domain::CatalogDocument::new(
        &catalog,
        Some("Synthetic benchmark data generated by polku generate from the Itä-Uusimaa demo; not real.".into()),
    );
    write_output(&args.file, &serde_json::to_vec(&document)?)?;
    bar.finish_and_clear();
    eprintln!("wrote {} services, {} units", catalog.services.len(), catalog.units.len());
    Ok(ExitCode::SUCCESS)
}

async fn export(db: &DbArgs, args: ExportArgs) -> anyhow::Result<ExitCode> {
    match (args.file.to_str(), &args.target) {
        (Some("hsds"), Some(dir)) => return crate::interop::export_hsds(db, dir).await,
        (Some("fhir"), Some(file)) => return crate::interop::export_fhir(db, file).await,
        (_, Some(_)) => bail!("`polku export {} …`: unknown format (known: hsds, fhir)", args.file.display()),
        _ => {}
    }
    let polku = open(db).await?;
    let bar = spinner("exporting");
    let document = polku.export();
    write_output(&args.file, &serde_json::to_vec_pretty(&document)?)?;
    bar.finish_and_clear();
    eprintln!(
        "exported {} organizations, {} units, {} channels, {} services",
        document.organizations.len(),
        document.units.len(),
        document.channels.len(),
        document.services.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn parse_roles(roles: &[String]) -> anyhow::Result<Vec<domain::client::Role>> {
    match app::auth::parse_roles(&roles.join(",")) {
        Ok(roles) => Ok(roles),
        Err(AppError::Invalid(problems)) => bail!("{}", problems.first().map(|p| p.problem.as_str()).unwrap_or("")),
        Err(e) => Err(e.into()),
    }
}

fn organization(organization: Option<&str>) -> anyhow::Result<Option<domain::Id>> {
    organization.map(|o| domain::Id::parse(o).map_err(|e| anyhow::anyhow!("--organization {o:?}: {e}"))).transpose()
}

fn refused(result: Result<(), AppError>, done: &str) -> anyhow::Result<ExitCode> {
    match result {
        Ok(()) => {
            eprintln!("{done}");
            Ok(ExitCode::SUCCESS)
        }
        Err(AppError::Invalid(problems)) | Err(AppError::Conflict(problems)) => {
            for p in problems {
                eprintln!("error: {}: {}", p.field, p.problem);
            }
            Ok(ExitCode::from(1))
        }
        Err(AppError::NotFound { kind, id }) => {
            eprintln!("error: no {kind} {id:?}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

async fn add_user(
    db: &DbArgs,
    username: &str,
    roles: &[String],
    org: Option<&str>,
    password_stdin: bool,
) -> anyhow::Result<ExitCode> {
    let roles = parse_roles(roles)?;
    let org = organization(org)?;
    let password = if password_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        bail!(
            "give the password on standard input: printf '%s\\n' \"$PASSWORD\" | polku user add {username} --password-stdin"
        );
    };
    let polku = open(db).await?;
    let result = polku.add_user(username, &password, &roles, org.as_ref()).await;
    refused(result, &format!("user {username:?} created ({})", app::auth::roles_label(&roles)))
}

async fn set_roles(db: &DbArgs, username: &str, roles: &[String], org: Option<&str>) -> anyhow::Result<ExitCode> {
    let roles = parse_roles(roles)?;
    let org = organization(org)?;
    let polku = open(db).await?;
    let result = polku.set_roles(&Actor::Cli("user roles".into()), username, &roles, org.as_ref()).await;
    refused(result, &format!("{username:?} now has the roles {}; their sessions ended", app::auth::roles_label(&roles)))
}

async fn list_users(db: &DbArgs) -> anyhow::Result<ExitCode> {
    let polku = open(db).await?;
    for user in polku.users(&Actor::Cli("user list".into())).await? {
        println!(
            "{}\t{}\t{}\t{}",
            user.username,
            user.roles_label(),
            user.organization.as_deref().unwrap_or("-"),
            user.issuer.as_deref().unwrap_or("local")
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn verify_audit(db: &DbArgs) -> anyhow::Result<ExitCode> {
    let polku = open(db).await?;
    let bar = spinner("verifying the access log's hash chain");
    let verified = polku.verify_audit(|rows| bar.set_message(format!("verifying the access log: {rows} rows"))).await?;
    bar.finish_and_clear();
    match verified.broken {
        None => {
            println!(
                "access log intact: {} rows verified (rows {}..={}); head hash {}",
                verified.rows,
                verified.head.anchor_seq + 1,
                verified.head.seq,
                verified.head.hash
            );
            Ok(ExitCode::SUCCESS)
        }
        Some((seq, problem)) => {
            println!("access log BROKEN at row {seq}: {problem} ({} rows verified before it)", verified.rows);
            Ok(ExitCode::from(1))
        }
    }
}
