//! Population grid files into [`access::grid::Grid`] (EPSG:3067).
//!
//! - ESRI shapefiles of square cells (`.shp` + `.dbf` + `.prj`): HSY's
//!   population grid (EPSG:3879, `ASUKKAITA`, `IKA0_9` … `IKA_YLI80`, 99 =
//!   suppressed) and Statistics Finland's grid (EPSG:3067, `vaesto`/`VAESTO`,
//!   `ika_0_14`, `ika_15_64`, `ika_65_`, −1 = suppressed). The coordinate
//!   system is read from the `.prj`; any other is refused by name.
//! - CSV: `id,x,y,population` in EPSG:3067 (or `--crs 3879`).
//!
//! The shapefile and dBASE readers are small and strict: only what grids use
//! (polygons, numeric and character fields), every problem named.

use std::path::Path;

use access::grid::{Band, Cell, Grid};
use domain::geo::{GK25FIN, TM35FIN};

use crate::ReadError;

/// The coordinate systems grids come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crs {
    /// EPSG:3067, ETRS-TM35FIN.
    Tm35fin,
    /// EPSG:3879, ETRS-GK25FIN.
    Gk25fin,
}

impl Crs {
    /// Recognises a `.prj` (WKT) by its projection parameters.
    pub fn from_prj(wkt: &str) -> Result<Crs, ReadError> {
        let param = |name: &str| {
            let i = wkt.find(&format!("\"{name}\""))?;
            let rest = &wkt[i + name.len() + 3..];
            rest[..rest.find(']')?].trim_start_matches(',').trim().parse::<f64>().ok()
        };
        let name = wkt.split('"').nth(1).unwrap_or("(unnamed)").to_owned();
        match (param("central_meridian"), param("false_easting"), param("scale_factor")) {
            (Some(cm), Some(fe), Some(k)) if cm == 27.0 && fe == 500_000.0 && (k - 0.9996).abs() < 1e-9 => {
                Ok(Crs::Tm35fin)
            }
            (Some(cm), Some(fe), Some(k)) if cm == 25.0 && fe == 25_500_000.0 && (k - 1.0).abs() < 1e-9 => {
                Ok(Crs::Gk25fin)
            }
            _ => Err(ReadError::UnknownCrs(name)),
        }
    }

    /// To EPSG:3067 (easting, northing).
    pub fn to_tm35fin(self, x: f64, y: f64) -> (f64, f64) {
        match self {
            Crs::Tm35fin => (x, y),
            Crs::Gk25fin => {
                let (lat, lon) = GK25FIN.inverse(y, x);
                let (n, e) = TM35FIN.forward(lat, lon);
                (e, n)
            }
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    std::fs::read(path).map_err(|e| ReadError::Unreadable { path: path.display().to_string(), problem: e.to_string() })
}

/// Bounding-box centres of the polygons of a `.shp` file.
fn shp_centres(bytes: &[u8], name: &str) -> Result<Vec<(f64, f64)>, String> {
    if bytes.len() < 100 || i32::from_be_bytes(bytes[0..4].try_into().expect("4")) != 9994 {
        return Err(format!("{name} is not an ESRI shapefile"));
    }
    let shape = i32::from_le_bytes(bytes[32..36].try_into().expect("4"));
    if shape != 5 && shape != 15 && shape != 25 {
        return Err(format!("{name}: shapes of type {shape}, expected polygons (grid cells)"));
    }
    let mut at = 100;
    let mut out = Vec::new();
    while at + 8 <= bytes.len() {
        let len = i32::from_be_bytes(bytes[at + 4..at + 8].try_into().expect("4")) as usize * 2;
        let rec =
            bytes.get(at + 8..at + 8 + len).ok_or_else(|| format!("{name} is truncated (record {})", out.len() + 1))?;
        if rec.len() < 36 {
            return Err(format!("{name}: record {} is too short for a polygon", out.len() + 1));
        }
        let f = |i: usize| f64::from_le_bytes(rec[4 + i * 8..12 + i * 8].try_into().expect("8"));
        let (xmin, ymin, xmax, ymax) = (f(0), f(1), f(2), f(3));
        out.push(((xmin + xmax) / 2.0, (ymin + ymax) / 2.0));
        at += 8 + len;
    }
    Ok(out)
}

/// The records of a `.dbf` file as (field names, rows of trimmed strings).
fn dbf(bytes: &[u8], name: &str) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    if bytes.len() < 32 {
        return Err(format!("{name} is not a dBASE file"));
    }
    let count = u32::from_le_bytes(bytes[4..8].try_into().expect("4")) as usize;
    let header = u16::from_le_bytes(bytes[8..10].try_into().expect("2")) as usize;
    let rec_len = u16::from_le_bytes(bytes[10..12].try_into().expect("2")) as usize;
    let mut fields = Vec::new();
    let mut i = 32;
    while i + 32 <= header && bytes[i] != 0x0d {
        let fname = String::from_utf8_lossy(&bytes[i..i + 11]).trim_end_matches('\0').to_owned();
        fields.push((fname, bytes[i + 16] as usize));
        i += 32;
    }
    let mut rows = Vec::with_capacity(count);
    for r in 0..count {
        let start = header + r * rec_len;
        let rec = bytes.get(start..start + rec_len).ok_or_else(|| format!("{name} is truncated (record {})", r + 1))?;
        let mut pos = 1;
        let mut row = Vec::with_capacity(fields.len());
        for (_, len) in &fields {
            let v = rec.get(pos..pos + len).ok_or_else(|| format!("{name}: record {} is too short", r + 1))?;
            row.push(String::from_utf8_lossy(v).trim().to_owned());
            pos += len;
        }
        rows.push(row);
    }
    Ok((fields.into_iter().map(|f| f.0).collect(), rows))
}

/// Reads a grid shapefile (`path` to the `.shp`; `.dbf` and `.prj` beside it).
pub fn read_shapefile(path: &Path) -> Result<Grid, ReadError> {
    let prj = path.with_extension("prj");
    let prj = std::fs::read_to_string(&prj).map_err(|_| {
        ReadError::Format(format!("{}: the .prj file is missing, so the coordinate system is unknown", path.display()))
    })?;
    let crs = Crs::from_prj(&prj)?;
    let centres = read(path)?;
    let dbf_bytes = read(&path.with_extension("dbf"))?;
    shapefile(path, crs, &centres, &dbf_bytes).map_err(ReadError::Format)
}

fn shapefile(path: &Path, crs: Crs, shp: &[u8], dbf_bytes: &[u8]) -> Result<Grid, String> {
    let name = path.display().to_string();
    let centres = shp_centres(shp, &name)?;
    let (fields, rows) = dbf(dbf_bytes, &path.with_extension("dbf").display().to_string())?;
    if rows.len() != centres.len() {
        return Err(format!("{name}: {} shapes but {} records in the .dbf", centres.len(), rows.len()));
    }
    let col = |n: &str| fields.iter().position(|f| f.eq_ignore_ascii_case(n));
    // HSY (99 suppressed) or Statistics Finland (−1 suppressed).
    let (total, band_cols, bands, suppressed): (usize, Vec<usize>, Vec<Band>, i64) = if let Some(t) = col("ASUKKAITA") {
        let names =
            ["IKA0_9", "IKA10_19", "IKA20_29", "IKA30_39", "IKA40_49", "IKA50_59", "IKA60_69", "IKA70_79", "IKA_YLI80"];
        let cols = names
            .iter()
            .map(|n| col(n).ok_or_else(|| format!("{name}: no field {n}")))
            .collect::<Result<Vec<_>, _>>()?;
        let bands = (0..9).map(|i| Band::new(i * 10, if i < 8 { Some(i * 10 + 9) } else { None })).collect();
        (t, cols, bands, 99)
    } else if let Some(t) = col("vaesto") {
        let names = ["ika_0_14", "ika_15_64", "ika_65_"];
        let cols = names
            .iter()
            .map(|n| col(n).ok_or_else(|| format!("{name}: no field {n}")))
            .collect::<Result<Vec<_>, _>>()?;
        (t, cols, vec![Band::new(0, Some(14)), Band::new(15, Some(64)), Band::new(65, None)], -1)
    } else {
        return Err(format!(
            "{name}: no population field (ASUKKAITA for HSY grids, vaesto for Statistics Finland grids); fields are {}",
            fields.join(", ")
        ));
    };
    let id_col = col("INDEX").or_else(|| col("grd_id")).or_else(|| col("nro"));
    let mut cells = Vec::with_capacity(rows.len());
    for (i, (row, (x, y))) in rows.iter().zip(&centres).enumerate() {
        let number =
            |c: usize| -> Result<i64, String> {
                row[c].split('.').next().unwrap_or("").parse::<i64>().map_err(|_| {
                    format!("{name}: record {}: `{}` in field {} is not a number", i + 1, row[c], fields[c])
                })
            };
        let population = number(total)?;
        if population < 0 {
            return Err(format!("{name}: record {}: a negative total population ({population})", i + 1));
        }
        let ages = band_cols
            .iter()
            .map(|c| number(*c).map(|v| if v == suppressed || v < 0 { None } else { Some(v as u32) }))
            .collect::<Result<Vec<_>, _>>()?;
        let (e, n) = crs.to_tm35fin(*x, *y);
        cells.push(Cell {
            id: id_col.map_or_else(|| (i + 1).to_string(), |c| row[c].clone()),
            x: e,
            y: n,
            population: population as u32,
            ages,
            municipality: None,
        });
    }
    let cell_size = estimate_cell_size(&cells);
    Ok(Grid { cell_size, bands, cells, synthetic: false, source: name })
}

fn estimate_cell_size(cells: &[Cell]) -> f64 {
    // The most common small distance between neighbouring centres, rounded to 250 m or 1 km.
    let mut xs: Vec<f64> = cells.iter().take(2000).map(|c| c.x).collect();
    xs.sort_by(f64::total_cmp);
    let step = xs.windows(2).map(|w| w[1] - w[0]).filter(|d| *d > 10.0).fold(f64::INFINITY, f64::min);
    if step < 600.0 { 250.0 } else { 1000.0 }
}

/// Reads `id,x,y,population` CSV in `crs`.
pub fn read_csv(path: &Path, crs: Crs) -> Result<Grid, ReadError> {
    let bytes = read(path)?;
    csv(path, crs, &bytes).map_err(ReadError::Format)
}

fn csv(path: &Path, crs: Crs, bytes: &[u8]) -> Result<Grid, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, h)) if h.trim() == "id,x,y,population" => {}
        _ => return Err(format!("{}: the first line must be `id,x,y,population`", path.display())),
    }
    let mut cells = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let at = format!("{} line {}", path.display(), i + 1);
        if f.len() != 4 {
            return Err(format!("{at}: expected id,x,y,population"));
        }
        let x: f64 = f[1].parse().map_err(|_| format!("{at}: `{}` is not a coordinate", f[1]))?;
        let y: f64 = f[2].parse().map_err(|_| format!("{at}: `{}` is not a coordinate", f[2]))?;
        let population: u32 = f[3].parse().map_err(|_| format!("{at}: `{}` is not a number of residents", f[3]))?;
        let (e, n) = crs.to_tm35fin(x, y);
        if !(50_000.0..=760_000.0).contains(&e) || !(6_600_000.0..=7_800_000.0).contains(&n) {
            return Err(format!(
                "{at}: ({x}, {y}) is not in Finland in this coordinate system (x easting, y northing?)"
            ));
        }
        cells.push(Cell { id: f[0].to_owned(), x: e, y: n, population, ages: vec![], municipality: None });
    }
    let cell_size = estimate_cell_size(&cells);
    Ok(Grid { cell_size, bands: vec![], cells, synthetic: false, source: path.display().to_string() })
}
