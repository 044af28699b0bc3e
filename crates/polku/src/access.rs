//! `polku access`: networks from OpenStreetMap, travel-time matrices.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use access::Mode;
use access::matrix::{Network, Plain};
use access_io::matrix::MatrixFormat;
use anyhow::{Context, bail};
use app::AppError;
use app::networks::{self, NetworkName, NetworkStore, Prepared, Step};
use store_files::NetworkDir;

use crate::cli::{DbArgs, MatrixMethod, SimFormat};
use crate::commands::{open, spinner, write_output};

fn networks(db: &DbArgs) -> NetworkDir {
    NetworkDir::in_data_dir(&db.data_dir)
}

/// A refused option value, said as the option's problem.
fn refused(option: &str, e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(problems) => {
            anyhow::anyhow!("{option}: {}", problems.iter().map(|p| p.problem.as_str()).collect::<Vec<_>>().join("; "))
        }
        other => other.into(),
    }
}

pub fn import_osm(db: &DbArgs, file: &Path, name: Option<String>) -> anyhow::Result<ExitCode> {
    let name = match name {
        Some(name) => NetworkName::parse(&name),
        None => NetworkName::of_file_name(&file.file_name().map(|f| f.to_string_lossy()).unwrap_or_default()),
    }
    .map_err(|e| refused("--name", e))?;
    let bar = spinner(&format!("reading {}", file.display()));
    let started = Instant::now();
    let (builder, report) = access_io::osm::read(file, |n| bar.set_message(format!("reading: {n} elements")))?;
    let read_secs = started.elapsed().as_secs_f64();
    eprintln!(
        "read {} nodes and {} ways in {:.1} s ({:.0} nodes/s); {} routable ways, {} nodes on them",
        report.nodes_read,
        report.ways_read,
        read_secs,
        report.nodes_read as f64 / read_secs.max(1e-9),
        report.routable_ways,
        report.nodes_kept
    );
    networks::import_osm(&networks(db), &name, &builder, |step| {
        match step {
        Step::Preparing(mode) => bar.set_message(format!("building and preparing the {mode} network")),
        Step::Done(Prepared::Empty { mode }) => {
            bar.suspend(|| eprintln!("{mode}: no network (no {mode} roads in the file)"))
        }
        Step::Done(Prepared::Saved { mode, built, shortcuts, seconds, location }) => bar.suspend(|| {
            eprintln!(
                "{mode}: {} nodes, {} edges (largest connected part of {} nodes), {shortcuts} shortcuts, prepared in {seconds:.1} s -> {location}",
                built.nodes, built.edges, built.nodes_before_component,
            )
        }),
    }
    })?;
    bar.finish_and_clear();
    eprintln!("network `{name}` ready. Map data © OpenStreetMap contributors, ODbL.");
    Ok(ExitCode::SUCCESS)
}

/// Point ids and their EPSG:3067 coordinates.
type Points = (Vec<String>, Vec<(f64, f64)>);

/// Reads `id,lat,lon` points.
fn read_points(path: &Path) -> anyhow::Result<Points> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, h)) if h.trim().split(',').map(str::trim).collect::<Vec<_>>() == ["id", "lat", "lon"] => {}
        _ => bail!("{}: the first line must be the header `id,lat,lon`", path.display()),
    }
    let (mut ids, mut xy) = (Vec::new(), Vec::new());
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let at = || format!("{} line {}", path.display(), i + 1);
        if f.len() != 3 {
            bail!("{}: expected id,lat,lon", at());
        }
        let lat: f64 = f[1].parse().with_context(|| format!("{}: `{}` is not a latitude", at(), f[1]))?;
        let lon: f64 = f[2].parse().with_context(|| format!("{}: `{}` is not a longitude", at(), f[2]))?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            bail!("{}: ({lat}, {lon}) is not a WGS84 latitude and longitude", at());
        }
        if !(55.0..=72.0).contains(&lat) || !(15.0..=35.0).contains(&lon) {
            bail!("{}: ({lat}, {lon}) is far from Finland (are latitude and longitude swapped?)", at());
        }
        let l = domain::geo::Location::from_wgs84(lat, lon);
        ids.push(f[0].to_owned());
        xy.push((l.e, l.n));
    }
    Ok((ids, xy))
}

/// What a matrix is routed on.
enum Router {
    Prepared(Box<Network>),
    Plain(Box<Plain>),
}

/// The network to route on: an imported one by name, or a .osm.pbf file's
/// `mode` (only that mode built): the hierarchy kept from an earlier run on the
/// same bytes, or plain searches when preparing would not pay for this matrix
/// (`--method auto`), or a hierarchy prepared now and kept by the file's hash.
fn load(
    db: &DbArgs,
    network: &str,
    mode: Mode,
    points: (usize, usize),
    method: MatrixMethod,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<Router> {
    if network.ends_with(".pbf") {
        let path = Path::new(network);
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {network}"))?;
        let cache = networks::cache_name(&bytes);
        drop(bytes);
        let store = networks(db);
        if method != MatrixMethod::Plain {
            match networks::load(&store, &cache, mode) {
                Ok(net) => {
                    bar.suspend(|| {
                        eprintln!("{mode} network prepared from this file earlier: {}", store.location(&cache, mode))
                    });
                    return Ok(Router::Prepared(Box::new(net)));
                }
                Err(AppError::NotFound { .. }) => {}
                Err(e) => bar.suspend(|| eprintln!("the kept network could not be read ({e}); building it again")),
            }
        }
        bar.set_message(format!("reading {network}"));
        let (builder, _) = access_io::osm::read(path, |n| bar.set_message(format!("reading: {n} elements")))?;
        bar.set_message(format!("building the {mode} network"));
        let (graph, built) = builder.build(mode);
        drop(builder);
        if graph.nodes() < 2 {
            bail!("{network} has no {mode} network (no {mode} roads in the file)");
        }
        let threads = access::par::threads();
        let prepare = match method {
            MatrixMethod::Plain => false,
            MatrixMethod::Hierarchy => true,
            MatrixMethod::Auto => access::matrix::preparing_pays(points.0, points.1, threads),
        };
        if !prepare {
            bar.suspend(|| {
                eprintln!(
                    "{mode}: {} nodes; plain searches for the {} points of the smaller side on {threads} threads (preparing pays from {} points; --method hierarchy prepares and keeps it)",
                    built.nodes,
                    points.0.min(points.1),
                    access::matrix::SEARCHES_PER_PREPARATION * threads + 1
                )
            });
            return Ok(Router::Plain(Box::new(Plain::new(graph))));
        }
        bar.set_message(format!("preparing the {mode} network ({} nodes)", built.nodes));
        let started = Instant::now();
        let net = Network::prepare(graph);
        let kept = networks::save(&store, &cache, mode, &net);
        bar.suspend(|| match kept {
            Ok(()) => eprintln!(
                "{mode}: prepared in {:.1} s, kept for the next run on this file: {}",
                started.elapsed().as_secs_f64(),
                store.location(&cache, mode)
            ),
            Err(e) => {
                eprintln!("{mode}: prepared in {:.1} s, but could not be kept: {e}", started.elapsed().as_secs_f64())
            }
        });
        return Ok(Router::Prepared(Box::new(net)));
    }
    let name = NetworkName::parse(network).map_err(|e| refused("--network", e))?;
    let net = match networks::load(&networks(db), &name, mode) {
        Err(AppError::NotFound { .. }) => bail!(
            "no {mode} network `{network}` ({} is missing; import it with `polku access import-osm`)",
            networks(db).location(&name, mode)
        ),
        other => other?,
    };
    Ok(if method == MatrixMethod::Plain {
        Router::Plain(Box::new(Plain::new(net.graph)))
    } else {
        Router::Prepared(Box::new(net))
    })
}

pub fn matrix(
    db: &DbArgs,
    network: &str,
    mode: &str,
    from: &Path,
    to: &Path,
    method: MatrixMethod,
    out: &Path,
) -> anyhow::Result<ExitCode> {
    let mode = app::accessibility::parse_mode(mode)?;
    let (from_ids, from_xy) = read_points(from)?;
    let (to_ids, to_xy) = read_points(to)?;
    let started = Instant::now();
    let bar = spinner(&format!("loading the {mode} network {network}"));
    let router = load(db, network, mode, (from_ids.len(), to_ids.len()), method, &bar)?;
    let loaded = started.elapsed().as_secs_f64();
    bar.set_message(format!("{} × {} travel times", from_ids.len(), to_ids.len()));
    let threads = access::par::threads();
    let routing = Instant::now();
    let times = match &router {
        Router::Prepared(net) => net.times(&from_xy, &to_xy),
        Router::Plain(plain) => plain.times(&from_xy, &to_xy, threads),
    };
    let routed = routing.elapsed().as_secs_f64();
    drop(router);
    bar.set_message(format!("writing {}", out.display()));
    let writing = Instant::now();
    let format = if out.as_os_str() == "-" { MatrixFormat::Csv } else { MatrixFormat::of(out) };
    match format {
        MatrixFormat::Csv => write_output(out, &access_io::matrix::csv(&from_ids, &to_ids, &times, threads))?,
        MatrixFormat::Arrow | MatrixFormat::Parquet => {
            // Written beside and renamed: never half a file.
            let mut tmp = out.as_os_str().to_owned();
            tmp.push(".partial");
            let tmp = std::path::PathBuf::from(tmp);
            let file = std::io::BufWriter::new(
                std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?,
            );
            let written = if format == MatrixFormat::Arrow {
                access_io::matrix::write_arrow(&from_ids, &to_ids, &times, file)
            } else {
                access_io::matrix::write_parquet(&from_ids, &to_ids, &times, file)
            };
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                bail!("cannot write {}: {e}", out.display());
            }
            std::fs::rename(&tmp, out).with_context(|| format!("cannot write {}", out.display()))?;
        }
    }
    bar.finish_and_clear();
    let unreachable = times.as_slice().iter().filter(|t| access::matrix::minutes(**t).is_none()).count();
    eprintln!(
        "{} travel times ({mode}): network {loaded:.2} s, routing {routed:.2} s, writing {:.2} s; {unreachable} unreachable or off the network (empty)",
        from_ids.len() * to_ids.len(),
        writing.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn grid(file: &Path, crs: &str, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let is_csv = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let grid = if is_csv {
        let crs = if crs == "3879" { access_io::grid::Crs::Gk25fin } else { access_io::grid::Crs::Tm35fin };
        access_io::grid::read_csv(file, crs)
    } else {
        access_io::grid::read_shapefile(file)
    }?;
    let suppressed = grid.cells.iter().filter(|c| c.ages.iter().any(Option::is_none)).count();
    eprintln!(
        "{} cells of {:.0} m, {} residents; age bands: {}; {} cells with suppressed bands",
        grid.cells.len(),
        grid.cell_size,
        grid.population(),
        if grid.bands.is_empty() {
            "none".to_owned()
        } else {
            grid.bands.iter().map(|b| b.label.clone()).collect::<Vec<_>>().join(", ")
        },
        suppressed
    );
    if let Some(out) = out {
        let mut csv = String::from("id,x,y,population");
        for b in &grid.bands {
            let _ = write!(csv, ",age_{}", b.label.replace('-', "_").replace('+', "_plus"));
        }
        csv.push('\n');
        for c in &grid.cells {
            let _ = write!(csv, "{},{:.0},{:.0},{}", c.id, c.x, c.y, c.population);
            for a in &c.ages {
                let _ = write!(csv, ",{}", a.map(|a| a.to_string()).unwrap_or_default());
            }
            csv.push('\n');
        }
        write_output(out, csv.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn report(db: &DbArgs, service: &str, mode: &str, age: &str, format: SimFormat) -> anyhow::Result<ExitCode> {
    let polku = open(db).await?;
    if polku.snapshot().catalog.services.is_empty() {
        polku.load_demo().await?;
    }
    let mode = app::accessibility::parse_mode(mode)?;
    let group = app::accessibility::parse_age_group(age)?;
    let outcome = polku.access_report(service, mode, group, &[])?;
    let r = &outcome.report;
    match format {
        SimFormat::Json => println!("{}", serde_json::to_string_pretty(&outcome)?),
        SimFormat::Csv => {
            println!("area,population,mean,median,p90,within_10,within_20,within_30,unreachable");
            for i in std::iter::once(&r.county).chain(&r.municipalities) {
                let f = |x: Option<f64>| x.map(|x| format!("{x:.1}")).unwrap_or_default();
                println!(
                    "{},{:.0},{},{},{},{:.3},{:.3},{:.3},{:.3}",
                    i.area,
                    i.population,
                    f(i.mean),
                    f(i.median),
                    f(i.p90),
                    i.within_10,
                    i.within_20,
                    i.within_30,
                    i.unreachable
                );
            }
        }
    }
    eprintln!(
        "{} ({}), {} residents ({}), {} cells; times are {} (no road network is loaded for the demo county)",
        service,
        mode,
        r.county.population,
        r.age_group,
        r.times.len(),
        if matches!(r.method, access::analysis::Method::Estimate) { "straight-line ESTIMATES" } else { "routed" }
    );
    Ok(ExitCode::SUCCESS)
}

/// Loads the saved networks `name` (each mode present) into the application.
pub fn load_networks(db: &DbArgs, name: &str, polku: &app::Polku) -> anyhow::Result<String> {
    let name = NetworkName::parse(name).map_err(|e| refused("--network", e))?;
    match polku.use_networks(&networks(db), &name) {
        Ok(modes) => Ok(modes.iter().map(|m| m.name()).collect::<Vec<_>>().join(", ")),
        Err(AppError::NotFound { .. }) => bail!(
            "--network {name}: no saved network under {} (import one with `polku access import-osm`)",
            networks(db).dir().display()
        ),
        Err(e) => Err(e.into()),
    }
}
