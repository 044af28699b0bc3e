//! An instance as three CSV texts, the exchange format with other tools
//! (`bench/spopt` reads the same files): `demand.csv` (`cell,weight,area`),
//! `sites.csv` (`site,fixed,capacity`), `costs.csv` (`cell,site,minutes`, only
//! reachable pairs). Pure: the caller reads and writes the files.

use std::fmt::Write as _;

use crate::problem::{Costs, Instance};

/// Why an instance text was refused: the file, line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} line {line}: {problem}")]
pub struct FileError {
    pub file: &'static str,
    pub line: usize,
    pub problem: String,
}

/// The three texts of an instance, with the ids of its cells and sites.
pub struct Texts {
    pub demand: String,
    pub sites: String,
    pub costs: String,
}

/// Writes `inst` with these cell and site ids.
pub fn write(inst: &Instance, cell_ids: &[String], site_ids: &[String]) -> Texts {
    let mut demand = String::from("cell,weight,area\n");
    for (i, w) in inst.weights.iter().enumerate() {
        let area = inst.areas.get(i).copied().flatten().map(|a| format!("{a:03}")).unwrap_or_default();
        let _ = writeln!(demand, "{},{w},{area}", cell_ids[i]);
    }
    let mut sites = String::from("site,fixed,capacity\n");
    for (j, id) in site_ids.iter().enumerate() {
        let cap = inst.capacity.get(j).copied().flatten().map(|c| c.to_string()).unwrap_or_default();
        let _ = writeln!(sites, "{id},{},{cap}", u8::from(inst.fixed.contains(&j)));
    }
    let mut costs = String::with_capacity(inst.costs.len() * 20);
    costs.push_str("cell,site,minutes\n");
    for (i, cell) in cell_ids.iter().enumerate().take(inst.cells()) {
        let (s, t) = inst.costs.row(i);
        for (s, t) in s.iter().zip(t) {
            let _ = writeln!(costs, "{cell},{},{t}", site_ids[*s as usize]);
        }
    }
    Texts { demand, sites, costs }
}

fn lines<'a>(
    file: &'static str,
    text: &'a str,
    header: &str,
) -> Result<impl Iterator<Item = (usize, Vec<&'a str>)>, FileError> {
    let mut it = text.lines().enumerate();
    match it.next() {
        Some((_, h)) if h.trim() == header => {}
        _ => return Err(FileError { file, line: 1, problem: format!("the first line must be `{header}`") }),
    }
    Ok(it.filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| (i + 1, l.split(',').map(str::trim).collect())))
}

fn number(file: &'static str, line: usize, what: &str, v: &str) -> Result<f64, FileError> {
    v.parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0).ok_or_else(|| FileError {
        file,
        line,
        problem: format!("{what} `{v}` is not a number of 0 or more"),
    })
}

/// Reads an instance; its cell and site ids.
pub fn read(demand: &str, sites: &str, costs: &str) -> Result<(Instance, Vec<String>, Vec<String>), FileError> {
    use std::collections::HashMap;
    let (mut cell_ids, mut weights, mut areas) = (Vec::new(), Vec::new(), Vec::new());
    let mut cell_at: HashMap<String, usize> = HashMap::new();
    for (line, f) in lines("demand.csv", demand, "cell,weight,area")? {
        let bad = |p: String| FileError { file: "demand.csv", line, problem: p };
        if f.len() != 3 {
            return Err(bad("expected cell,weight,area".into()));
        }
        if cell_at.insert(f[0].to_owned(), cell_ids.len()).is_some() {
            return Err(bad(format!("cell `{}` twice", f[0])));
        }
        cell_ids.push(f[0].to_owned());
        weights.push(number("demand.csv", line, "weight", f[1])?);
        areas.push(if f[2].is_empty() {
            None
        } else {
            Some(f[2].parse::<u16>().map_err(|_| bad(format!("area `{}` is not a municipality code", f[2])))?)
        });
    }
    let (mut site_ids, mut fixed, mut capacity) = (Vec::new(), Vec::new(), Vec::new());
    let mut site_at: HashMap<String, usize> = HashMap::new();
    for (line, f) in lines("sites.csv", sites, "site,fixed,capacity")? {
        let bad = |p: String| FileError { file: "sites.csv", line, problem: p };
        if f.len() != 3 {
            return Err(bad("expected site,fixed,capacity".into()));
        }
        if site_at.insert(f[0].to_owned(), site_ids.len()).is_some() {
            return Err(bad(format!("site `{}` twice", f[0])));
        }
        match f[1] {
            "1" => fixed.push(site_ids.len()),
            "0" | "" => {}
            other => return Err(bad(format!("fixed `{other}` is not 0 or 1"))),
        }
        capacity.push(if f[2].is_empty() { None } else { Some(number("sites.csv", line, "capacity", f[2])?) });
        site_ids.push(f[0].to_owned());
    }
    let mut rows: Vec<Vec<(u32, f32)>> = vec![Vec::new(); cell_ids.len()];
    for (line, f) in lines("costs.csv", costs, "cell,site,minutes")? {
        let bad = |p: String| FileError { file: "costs.csv", line, problem: p };
        if f.len() != 3 {
            return Err(bad("expected cell,site,minutes".into()));
        }
        let i = *cell_at.get(f[0]).ok_or_else(|| bad(format!("cell `{}` is not in demand.csv", f[0])))?;
        let j = *site_at.get(f[1]).ok_or_else(|| bad(format!("site `{}` is not in sites.csv", f[1])))?;
        rows[i].push((j as u32, number("costs.csv", line, "minutes", f[2])? as f32));
    }
    let costs = Costs::from_rows(site_ids.len(), rows).map_err(|e| FileError {
        file: "costs.csv",
        line: 0,
        problem: e.to_string(),
    })?;
    let mut inst = Instance::new(weights, costs);
    inst.fixed = fixed;
    if capacity.iter().any(Option::is_some) {
        inst.capacity = capacity;
    }
    if areas.iter().any(Option::is_some) {
        inst.areas = areas;
    }
    Ok((inst, cell_ids, site_ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_reads_back_as_written_and_bad_lines_are_named() {
        let costs = Costs::from_rows(2, vec![vec![(0, 1.5), (1, 3.0)], vec![(1, 2.25)]]).unwrap();
        let mut inst = Instance::new(vec![10.0, 4.0], costs);
        inst.fixed = vec![1];
        inst.areas = vec![Some(18), None];
        let cells = vec!["c1".to_owned(), "c2".to_owned()];
        let sites = vec!["a".to_owned(), "b".to_owned()];
        let t = write(&inst, &cells, &sites);
        let (back, c, s) = read(&t.demand, &t.sites, &t.costs).unwrap();
        assert_eq!((back, c, s), (inst, cells, sites));
        let err = read(&t.demand, &t.sites, "cell,site,minutes\nc1,a,1\nc9,a,2\n").map(|_| ()).unwrap_err();
        assert_eq!(err.to_string(), "costs.csv line 3: cell `c9` is not in demand.csv");
        let err = read("cell,weight,area\nc1,-2,\n", &t.sites, "cell,site,minutes\n").map(|_| ()).unwrap_err();
        assert_eq!((err.file, err.line), ("demand.csv", 2));
    }
}
