//! The command line: one typed configuration, flags over environment over defaults.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Polku: the service catalog of a Finnish wellbeing services county.
///
/// Start the demo county (Itä-Uusimaa) and open http://127.0.0.1:8080/:
///
///     polku serve --demo
///
/// Data lives in an SQLite database under --data-dir unless --database-url
/// points at PostgreSQL. Every command takes the same two options.
#[derive(Debug, Parser)]
#[command(name = "polku", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,

    /// Log filter, e.g. `info`, `debug`, `web=debug,info`.
    #[arg(long, env = "POLKU_LOG", default_value = "info", global = true)]
    pub log: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// Directory for the embedded SQLite database (`polku.db`), created on first use.
    #[arg(long, env = "POLKU_DATA_DIR", default_value = "polku-data", global = true)]
    pub data_dir: PathBuf,

    /// Use PostgreSQL instead of SQLite, e.g. postgres://polku:secret@db.example:5432/polku.
    #[arg(long, env = "POLKU_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// The key of clients' pseudonyms in analytics and exports: 64 hex digits, kept
    /// outside the database. Without it, `<data-dir>/pseudonym.key` is used, made on
    /// first use (readable by its owner only). Every server of one database needs the same key.
    #[arg(long, env = "POLKU_PSEUDONYM_KEY", global = true, hide_env_values = true)]
    pub pseudonym_key: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server: service finder, staff editor and JSON API (/api/v1).
    ///
    /// Example: polku serve --demo --bind 0.0.0.0:8080
    Serve(Box<ServeArgs>),

    /// Import a catalog document (JSON, format docs/catalog-format.md), or PTV v11 JSON, all or nothing.
    ///
    /// New objects are created, changed ones get a new revision, equal ones are
    /// left alone. If anything is refused, nothing is written and the exit code is 1.
    /// From PTV (`polku import ptv <file-or-dir>`): PTV ids are kept, a newer `modified`
    /// updates in place, an older one changes nothing, and channels no longer linked by
    /// any service are retired; large files are read one object at a time.
    /// Examples: polku import catalog.json --dry-run; polku import ptv ptv-export/
    Import(ImportArgs),

    /// Export the whole catalog (including retired objects) as one JSON document, or as HSDS or FHIR.
    ///
    /// Examples: polku export catalog.json   (or `-` for standard output);
    /// polku export hsds hsds-out/   (fi/, sv/ and en/ with services.json, organizations.json,
    /// service_at_locations.json, taxonomies.json, taxonomy_terms.json)
    Export(ExportArgs),

    /// Write a synthetic catalog of any size, for benchmarks and load tests.
    ///
    /// The demo county's services and units repeated over Finland's municipalities
    /// with a fixed seed; marked illustrative, not real data.
    /// Example: polku generate --services 20000 --units 60000 big.json && polku import big.json
    Generate(GenerateArgs),

    /// The access log of client data: verify its hash chain, purge past retention.
    #[command(subcommand)]
    Audit(AuditCommand),

    /// Referrals between producers (docs/paths.md): the deadline sweep, notifications.
    #[command(subcommand)]
    Referrals(ReferralsCommand),

    /// Monitoring (docs/monitoring.md): events in, THL's indicators out, alerts.
    #[command(subcommand)]
    Monitoring(MonitoringCommand),

    /// Manage staff users and their roles.
    #[command(subcommand)]
    User(UserCommand),

    /// Eligibility rule files (format: docs/rules-format.md).
    #[command(subcommand)]
    Rules(RulesCommand),

    /// Simulate harmonisation proposals over a population: who gains, who loses, what it costs.
    ///
    /// Compares today's criteria with each proposal for every service, municipality
    /// and age band, with the cost and the client fee revenue. Several --proposal options
    /// compare proposals side by side; none gives today's counts alone.
    /// Example: polku simulate --proposal proposal-a --proposal proposal-b --format csv --out sim.csv
    Simulate(SimulateArgs),

    /// Synthetic populations for simulations and benchmarks.
    #[command(subcommand)]
    Population(PopulationCommand),

    /// Accessibility: road networks from OpenStreetMap and travel times on them.
    #[command(subcommand)]
    Access(AccessCommand),

    /// Service network planning: where a service's units should be.
    ///
    /// Candidates are the units offering the service, points given with --candidates and
    /// points generated at the most populated cells (--generate); demand is the demo
    /// county's populated cells weighted by --age. Prints indicators per municipality
    /// before (today's units) and after (the plan's sites).
    #[command(subcommand)]
    Plan(Box<PlanCommand>),
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Choose p sites minimising the total population-weighted travel time.
    ///
    /// Example: polku plan p-median --service svc-doctor-appointment -p 5 --generate 150 --out cells.csv
    PMedian {
        /// How many sites.
        #[arg(short = 'p', long = "sites")]
        p: usize,
        #[command(flatten)]
        common: PlanArgs,
    },
    /// Choose p sites maximising the population within --minutes.
    ///
    /// Example: polku plan coverage --service svc-doctor-appointment -p 5 --minutes 20
    Coverage {
        #[arg(short = 'p', long = "sites")]
        p: usize,
        #[arg(long)]
        minutes: f64,
        #[command(flatten)]
        common: PlanArgs,
    },
    /// The fewest sites such that everyone (or --share of the residents) is within --minutes.
    ///
    /// Example: polku plan set-cover --service svc-doctor-appointment --minutes 30 --share 0.95
    SetCover {
        #[arg(long)]
        minutes: f64,
        /// Share of the residents to cover, above 0 and at most 1.
        #[arg(long, default_value_t = 1.0)]
        share: f64,
        #[command(flatten)]
        common: PlanArgs,
    },
    /// Choose p sites minimising the worst travel time of any populated cell.
    ///
    /// Example: polku plan p-center --service svc-doctor-appointment -p 5
    PCenter {
        #[arg(short = 'p', long = "sites")]
        p: usize,
        #[command(flatten)]
        common: PlanArgs,
    },
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The service to plan for (its units are the existing sites).
    #[arg(long, required_unless_present = "instance")]
    pub service: Option<String>,
    /// How residents travel: walk, bike, car, or public_transport (estimated: car times × 2,
    /// labelled an estimate).
    #[arg(long, default_value = "car", value_parser = ["walk", "bike", "car", "public_transport"])]
    pub mode: String,
    /// Weight cells by an age group: all, 75+, 0-6.
    #[arg(long, default_value = "all")]
    pub age: String,
    /// More candidate points: CSV `id,lat,lon` or `id,lat,lon,places` (WGS84).
    #[arg(long)]
    pub candidates: Option<PathBuf>,
    /// Generate this many candidate points at the most populated cells (1.5 km apart at least).
    #[arg(long, default_value_t = 0)]
    pub generate: usize,
    /// Leave today's units out of the candidates.
    #[arg(long)]
    pub without_existing: bool,
    /// A candidate that must stay open (repeat the option for several).
    #[arg(long)]
    pub fixed: Vec<String>,
    /// Capacities: residents one place of a unit's `capacity` serves.
    #[arg(long)]
    pub residents_per_place: Option<f64>,
    /// Capacities: places of a candidate that has none (new points).
    #[arg(long)]
    pub new_places: Option<f64>,
    /// Equity: no municipality's mean travel time above this many minutes (p-median).
    #[arg(long)]
    pub max_mean: Option<f64>,
    /// Equity: the worst municipality's mean within this many minutes of the best's (p-median).
    #[arg(long, conflicts_with = "max_mean")]
    pub max_spread: Option<f64>,
    /// auto (exact on small instances and with capacities or equity), exact or heuristic.
    #[arg(long, default_value = "auto", value_parser = ["auto", "exact", "heuristic"])]
    pub solver: String,
    /// Times above this many minutes cannot be assigned.
    #[arg(long)]
    pub cutoff: Option<f64>,
    /// Seconds the exact solver may take (then its best plan, with its gap).
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Route on this imported road network (`polku access import-osm --name`) instead of estimates.
    #[arg(long)]
    pub network: Option<String>,
    /// Write every cell's assignment as CSV.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the candidate sites (open or not, load, capacity) as CSV.
    #[arg(long)]
    pub sites_out: Option<PathBuf>,
    /// Write the plan as GeoJSON (WGS84): open sites as points, cells as points with their site.
    #[arg(long)]
    pub geojson: Option<PathBuf>,
    /// Write the instance (demand.csv, sites.csv, costs.csv) into this directory, e.g. for spopt.
    #[arg(long)]
    pub export_instance: Option<PathBuf>,
    /// Solve the instance in this directory (demand.csv, sites.csv, costs.csv) instead;
    /// prints one JSON line: value, bound, seconds, open sites.
    #[arg(long)]
    pub instance: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "POLKU_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Load the demo county (Itä-Uusimaa) if the database is empty, and store its synthetic
    /// year of monitoring events in the background (docs/synthetic-events.md).
    #[arg(long)]
    pub demo: bool,

    /// With --demo: the synthetic year of one resident in N (1: all 98,972, about two
    /// million events; 0: no events). A sample stores quicker on a small machine; its counts
    /// (and figures per resident) are N times smaller, its shares and times alike.
    #[arg(long, env = "POLKU_DEMO_SAMPLE", default_value_t = 1)]
    pub demo_sample: u32,

    /// Route accessibility on this imported road network (`polku access import-osm --name`)
    /// instead of straight-line estimates; each mode that was imported is used.
    #[arg(long)]
    pub network: Option<String>,

    /// Mark cookies Secure: use when Polku is served over HTTPS (behind a proxy).
    #[arg(long, env = "POLKU_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// How often, in milliseconds, to take in what other servers on the same database
    /// wrote (several `polku serve` behind a load balancer share one PostgreSQL).
    #[arg(long, env = "POLKU_FOLLOW_MS", default_value_t = 200, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub follow_ms: u64,

    /// Trust the last `X-Forwarded-For` address (when a proxy in front of Polku sets it) for
    /// the access log and sign-in limits; otherwise the peer address is used.
    #[arg(long, env = "POLKU_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,

    /// Keep access-log rows this many days (default 12 years); older ones are removed daily.
    #[arg(long, env = "POLKU_AUDIT_RETENTION_DAYS", default_value_t = 4383, value_parser = clap::value_parser!(i64).range(1..))]
    pub audit_retention_days: i64,

    /// Where browsers reach this Polku (scheme, host, port), e.g. https://polku.example.fi.
    /// Single sign-on sends people back to <public-url>/auth/callback: register exactly
    /// that redirect URI at the providers.
    #[arg(long, env = "POLKU_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,

    /// Staff single sign-on: the OpenID Connect issuer, exactly as its discovery document
    /// (<issuer>/.well-known/openid-configuration) spells it, e.g.
    /// https://login.microsoftonline.com/<tenant>/v2.0. The client secret comes from the
    /// environment, POLKU_OIDC_CLIENT_SECRET. Local sign-in stays available.
    #[arg(long, env = "POLKU_OIDC_ISSUER", requires = "oidc_client_id")]
    pub oidc_issuer: Option<String>,

    /// Staff single sign-on: Polku's client id at the issuer.
    #[arg(long, env = "POLKU_OIDC_CLIENT_ID", requires = "oidc_issuer")]
    pub oidc_client_id: Option<String>,

    /// Staff single sign-on: the scopes to ask for.
    #[arg(long, env = "POLKU_OIDC_SCOPES", default_value = "openid profile")]
    pub oidc_scopes: String,

    /// Staff: the claim with the username (lowercased; 3 to 64 of a-z 0-9 . _ - @).
    #[arg(long, env = "POLKU_OIDC_USERNAME_CLAIM", default_value = "preferred_username")]
    pub oidc_username_claim: String,

    /// Staff: the claim with Polku role names (navigator, professional, planner,
    /// catalog_editor, administrator, auditor), an array or a space-separated string;
    /// other names are ignored. Roles are set anew at every sign-in.
    #[arg(long, env = "POLKU_OIDC_ROLES_CLAIM", default_value = "roles")]
    pub oidc_roles_claim: String,

    /// Staff: the claim with the id of the catalog organisation the person works for
    /// (professionals must have one).
    #[arg(long, env = "POLKU_OIDC_ORGANIZATION_CLAIM", default_value = "organization")]
    pub oidc_organization_claim: String,

    /// Residents' strong identification (as Suomi.fi e-Identification): the OpenID
    /// Connect issuer. Its id_token must carry the personal identity code (see
    /// --resident-hetu-claim). The client secret comes from the environment,
    /// POLKU_RESIDENT_OIDC_CLIENT_SECRET.
    #[arg(long, env = "POLKU_RESIDENT_OIDC_ISSUER", requires = "resident_oidc_client_id")]
    pub resident_oidc_issuer: Option<String>,

    /// Residents: Polku's client id at the strong identification issuer.
    #[arg(long, env = "POLKU_RESIDENT_OIDC_CLIENT_ID", requires = "resident_oidc_issuer")]
    pub resident_oidc_client_id: Option<String>,

    /// Residents: the scopes to ask for (Suomi.fi: "openid profile personal_identity_code").
    #[arg(long, env = "POLKU_RESIDENT_OIDC_SCOPES", default_value = "openid profile")]
    pub resident_oidc_scopes: String,

    /// Residents: the claim with the personal identity code (Suomi.fi:
    /// urn:oid:1.2.246.21 or nationalIdentificationNumber). Invalid codes are refused;
    /// the code is never logged nor put in a URL.
    #[arg(long, env = "POLKU_RESIDENT_HETU_CLAIM", default_value = "hetu")]
    pub resident_hetu_claim: String,

    /// Residents: the level of identification to ask for (`acr_values`, space-separated,
    /// e.g. Suomi.fi's http://ftn.ficora.fi/2017/loa3); the token's `acr` must be one of them.
    #[arg(long, env = "POLKU_RESIDENT_OIDC_ACR_VALUES")]
    pub resident_oidc_acr_values: Option<String>,

    /// Referral e-mails: the SMTP relay's host. Without it, webhooks are still delivered
    /// and e-mail subscriptions wait (retried, then kept as dead letters).
    #[arg(long, env = "POLKU_SMTP_HOST")]
    pub smtp_host: Option<String>,

    /// The SMTP relay's port.
    #[arg(long, env = "POLKU_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,

    /// The sender of referral e-mails.
    #[arg(long, env = "POLKU_SMTP_FROM", default_value = "Polku <polku@localhost>")]
    pub smtp_from: String,

    /// TLS to the relay: starttls (required), wrapper (TLS from the start, port 465) or
    /// none (a relay on the same host only).
    #[arg(long, env = "POLKU_SMTP_TLS", default_value = "starttls", value_parser = ["starttls", "wrapper", "none"])]
    pub smtp_tls: String,

    /// The relay's username; the password comes from the environment, POLKU_SMTP_PASSWORD.
    #[arg(long, env = "POLKU_SMTP_USER")]
    pub smtp_user: Option<String>,

    /// How often, in seconds, to deliver due webhooks and e-mails from the outbox.
    #[arg(long, env = "POLKU_DELIVER_SECONDS", default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub deliver_seconds: u64,

    /// How often, in seconds, to sweep the county's referrals for passed deadlines.
    #[arg(long, env = "POLKU_SWEEP_SECONDS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(10..=86_400))]
    pub sweep_seconds: u64,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The catalog document to read, or `-` for standard input; or a format,
    /// `ptv` (Suomi.fi PTV Open API v11 JSON: a file or a directory of them) or
    /// `hsds` (a directory written by `polku export hsds`) or `vocab` (a directory with
    /// Finto's finto_ServiceClasses.json, finto_TargetGroups.json, finto_LifeEvents.json,
    /// checked against the code list Polku ships), followed by the path.
    pub file: PathBuf,

    /// With a format first (`polku import ptv <file-or-dir>`): what to read.
    pub source: Option<PathBuf>,

    /// Check everything and report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Print the report as JSON on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write, or `-` for standard output; or a format, `hsds` (Open Referral
    /// HSDS 3.0 documents, a directory per language) or `fhir` (an HL7 FHIR R4 Bundle),
    /// followed by where to write.
    pub file: PathBuf,

    /// With a format first (`polku export hsds <dir>`): where to write.
    pub target: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of services.
    #[arg(long, default_value_t = 20_000)]
    pub services: usize,
    /// Number of units (service locations).
    #[arg(long, default_value_t = 60_000)]
    pub units: usize,
    /// Seed of the generator: the same seed gives the same catalog.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Where to write, or `-` for standard output.
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a local staff user (password hashed with argon2id) with roles.
    ///
    /// Roles: navigator (clients in their queue), professional (clients referred to their
    /// organisation; needs --organization), planner (planning pages, rule files, pseudonymous
    /// data), catalog_editor (the catalog), administrator (users and roles), auditor (the
    /// access log). Residents sign in with strong identification only.
    /// Example: printf '%s\n' "$PASSWORD" | polku user add anna --role navigator --password-stdin
    Add {
        /// Lower-case username, 3 to 64 characters.
        username: String,
        /// A role (repeat for several).
        #[arg(long = "role", value_name = "ROLE", default_value = "catalog_editor")]
        roles: Vec<String>,
        /// The organisation (catalog id) the user works for.
        #[arg(long)]
        organization: Option<String>,
        /// Read the password from the first line of standard input instead of asking.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's roles (and organisation); their sessions end.
    ///
    /// Example: polku user roles anna --role navigator --role planner
    Roles {
        username: String,
        #[arg(long = "role", value_name = "ROLE", required = true)]
        roles: Vec<String>,
        #[arg(long)]
        organization: Option<String>,
    },
    /// List the users with their roles.
    List,
    /// End every session of a user, on every server ("log out everywhere").
    Logout { username: String },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the access log's hash chain from its start: every row's hash, and that no
    /// row is missing. Exit code 1 names the first broken row.
    ///
    /// Example: polku audit verify
    Verify,
    /// Remove access-log rows older than the retention period (the chain's start moves
    /// with them, so `verify` still checks what is kept).
    ///
    /// Example: polku audit purge --older-than-days 4383
    Purge {
        #[arg(long, default_value_t = 4383)]
        older_than_days: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReferralsCommand {
    /// Flag open referrals whose earliest legal deadline has passed, and count them and the
    /// clients whose path is broken. `polku serve` sweeps every --sweep-seconds itself.
    ///
    /// Example: polku referrals sweep
    Sweep,
    /// Deliver the due webhooks once (e-mails need `polku serve --smtp-host`), and print
    /// the dead letters. Example: polku referrals deliver
    Deliver,
}

#[derive(Debug, Subcommand)]
pub enum MonitoringCommand {
    /// Import events from a CSV or JSON export (docs/monitoring.md has the fields), all or
    /// nothing: an event already stored is left alone, an id stored with other content
    /// refuses the file. Events naming units or services the catalog lacks are kept and listed.
    ///
    /// Example: polku monitoring import events-2026-11.csv --dry-run
    Import {
        /// `.csv` (a header naming the fields) or `.json` (an array of events).
        file: PathBuf,
        /// Check and report, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Generate and store the demo county's synthetic year of events (about two million;
    /// docs/synthetic-events.md). Running it again stores nothing new.
    ///
    /// Example: polku monitoring generate --year 2026
    Generate {
        #[arg(long, default_value_t = 2026)]
        year: i32,
        #[arg(long, default_value_t = 20_261_207)]
        seed: u64,
        /// The year of one resident in N: quicker to store; counts (and figures per
        /// resident) N times smaller, shares and times alike.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        sample: u32,
    },
    /// Compute one indicator (ids: `polku monitoring indicator --help` lists them in
    /// docs/monitoring.md), broken down and by period, small numbers suppressed.
    ///
    /// Example: polku monitoring indicator child_protection_7wd --by municipality --period month
    Indicator {
        id: String,
        /// municipality, area, age_group, age_limit, language, producer, service_group (repeatable).
        #[arg(long)]
        by: Vec<String>,
        /// week, month, year, or all (the range as one figure).
        #[arg(long, default_value = "month")]
        period: String,
        /// First day (default: the first of the month eleven months before the last event).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last day (default: the last day with events).
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// csv or json.
        #[arg(long, default_value = "csv")]
        format: String,
    },
    /// Check every alert threshold against the last complete periods now, queue the new
    /// alerts' e-mails, and list the alerts raised.
    Alerts,
    /// Time every indicator (county by month, and by municipality × month) in the column
    /// engine and, the same SQL, in the database, and check that both give the same counts.
    ///
    /// Example: polku --database-url postgres://… monitoring compare --runs 5
    Compare {
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check a directory of rule files: syntax, unknown facts and services, impossible
    /// ranges, overlapping validity, rules that never match, unreachable branches.
    ///
    /// Findings are printed as file:line:col; the exit code is 1 if there is any error.
    /// Services are checked against the database's catalog if there is one, else the demo's.
    /// Example: polku rules check data/rules
    Check {
        /// Directory to read `*.rules` and `*.fees` files from (recursively).
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// `demo` (the demo county's 98,972 residents), `demo:<size>` (the same structure
    /// scaled to any size), or a file of persons (`polku population generate` writes one):
    /// CSV, Parquet (`.parquet`) or Arrow IPC (`.arrow`, `.arrows`, `.feather`), one column
    /// per fact, read on every core.
    #[arg(long, default_value = "demo")]
    pub population: String,
    /// Rule files to read: a directory (its `*.fees` files too), or `demo` for the demo county's.
    #[arg(long, default_value = "demo")]
    pub rules: String,
    /// The criteria to compare against; only `today` is supported.
    #[arg(long, default_value = "today")]
    pub baseline: String,
    /// A proposal (rule set) to compare; repeat to compare several side by side. Without
    /// one: today's eligible counts, costs and fee revenue alone (one evaluation).
    #[arg(long)]
    pub proposal: Vec<String>,
    /// The day today's criteria are taken from (default: today).
    #[arg(long)]
    pub on: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: SimFormat,
    /// Where to write (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// How `polku access matrix` routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MatrixMethod {
    Auto,
    Plain,
    Hierarchy,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SimFormat {
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum PopulationCommand {
    /// Write a synthetic population, one row per person, one column per fact.
    ///
    /// Municipality, age and sex follow the demo county's real age-sex table
    /// (Statistics Finland); the other facts are drawn from documented assumptions
    /// (docs/population.md). The same seed gives the same people. The file's extension
    /// chooses the format: `.parquet` (Snappy, row groups of 131,072 persons), `.arrow`
    /// (Arrow IPC file), anything else CSV.
    /// Example: polku population generate --size 1000000 --out people.parquet
    Generate {
        /// Number of persons (default: the demo county's 98,972 residents).
        #[arg(long)]
        size: Option<u64>,
        #[arg(long, default_value_t = app::eligibility::DEMO_SEED)]
        seed: u64,
        /// Where to write, or `-` for standard output.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// Build walk, bike and car networks from an OpenStreetMap extract and prepare them.
    ///
    /// Reads the file streaming (a whole-country extract fits in memory), keeps each
    /// mode's largest connected part, prepares contraction hierarchies and saves them
    /// under <data-dir>/networks/. OpenStreetMap data © OpenStreetMap contributors, ODbL.
    /// Example: polku access import-osm finland-latest.osm.pbf --name finland
    ImportOsm {
        /// The .osm.pbf file (e.g. from Geofabrik).
        file: PathBuf,
        /// Name to save the networks under (default: the file name without .osm.pbf).
        #[arg(long)]
        name: Option<String>,
    },

    /// Read a population grid and write its cells as CSV in EPSG:3067, with a summary.
    ///
    /// Reads HSY and Statistics Finland grid shapefiles (.shp with .dbf and .prj beside it;
    /// EPSG:3879 or EPSG:3067) or CSV `id,x,y,population` (--crs 3067|3879). Suppressed age
    /// bands (99 or -1) are kept unknown, not counted as people.
    /// Example: polku access grid Vaestotietoruudukko_2015.shp --out cells.csv
    Grid {
        file: PathBuf,
        /// Coordinate system of a CSV grid.
        #[arg(long, default_value = "3067", value_parser = ["3067", "3879"])]
        crs: String,
        /// Where to write the cells (`-` for standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },

    /// Accessibility of a service in the demo county: indicators per municipality.
    ///
    /// Travel time from every populated cell of the demo county's synthetic grid to the
    /// nearest unit of the catalog offering the service (straight-line estimates: the demo
    /// county has no road network loaded). --age weights by an age group (all, 75+, 0-6).
    /// Example: polku access report --service svc-home-care --mode car --age 75+
    Report {
        #[arg(long)]
        service: String,
        #[arg(long, default_value = "car", value_parser = ["walk", "bike", "car"])]
        mode: String,
        #[arg(long, default_value = "all")]
        age: String,
        #[arg(long, value_enum, default_value = "csv")]
        format: SimFormat,
    },

    /// Travel times between two point sets, door to door (walk to the network and from it).
    ///
    /// Points are CSV with a header `id,lat,lon` (WGS84). Writes `from_id,to_id,minutes`,
    /// minutes empty where unreachable or where a point is over 1 km from the network;
    /// as CSV, or as Arrow IPC (`--out x.arrow`) or Parquet (`--out x.parquet`) with the
    /// ids dictionary-encoded and minutes null where unreachable.
    ///
    /// With a .osm.pbf file, only the requested mode is built. `--method auto` (the default)
    /// runs plain searches on every core when the smaller point set is small enough that
    /// preparing a hierarchy would cost more than it saves, else prepares one and keeps it
    /// by the file's content hash in `<data-dir>/networks/`, so the next run on the same
    /// file (under any name) starts at once. An imported network is prepared already.
    /// Example: polku access matrix --network helsinki_centre.osm.pbf --mode walk --from cells.csv --to units.csv --out times.csv
    Matrix {
        /// A .osm.pbf file (built in memory) or the name of an imported network.
        #[arg(long)]
        network: String,
        #[arg(long, value_parser = ["walk", "bike", "car"])]
        mode: String,
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        to: PathBuf,
        /// How to route: `auto` chooses; `plain` never prepares; `hierarchy` always
        /// prepares one (and keeps it for the file's next run).
        #[arg(long, value_enum, default_value = "auto")]
        method: MatrixMethod,
        /// Where to write, or `-` for standard output.
        #[arg(long)]
        out: PathBuf,
    },
}
