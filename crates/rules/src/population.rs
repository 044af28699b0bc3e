//! A synthetic population: one record per resident.
//!
//! Municipality, age and sex come from a real table (Statistics Finland, see
//! `data/population/`). Every other fact is drawn from the assumptions below,
//! with a fixed seed so that runs repeat exactly. The assumptions are rough,
//! documented figures for demonstration and benchmarks, **not** statistics:
//! see `docs/population.md`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::RulesError;
use crate::facts::Fact;
use crate::person::{Person, Value};

/// One row of the age-sex table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeSexRow {
    pub municipality: u16,
    pub age: u8,
    pub male: u32,
    pub female: u32,
}

/// Reads `municipality<TAB>age<TAB>male<TAB>female` (lines starting with `#` and the header skipped).
pub fn parse_age_sex(text: &str) -> Result<Vec<AgeSexRow>, RulesError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("municipality") || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = || RulesError::AgeSexTable { line: i + 1 };
        if f.len() != 4 {
            return Err(bad());
        }
        out.push(AgeSexRow {
            municipality: Fact::Municipality.choice_code(f[0]).ok_or_else(bad)?,
            age: f[1].parse().map_err(|_| bad())?,
            male: f[2].parse().map_err(|_| bad())?,
            female: f[3].parse().map_err(|_| bad())?,
        });
    }
    Ok(out)
}

/// Scales the table to `size` people (largest remainder, so the total is exact).
pub fn scale(rows: &[AgeSexRow], size: u64) -> Vec<AgeSexRow> {
    let total: u64 = rows.iter().map(|r| (r.male + r.female) as u64).sum();
    if total == 0 || size == total {
        return rows.to_vec();
    }
    let mut cells: Vec<(u64, u64, usize)> = Vec::with_capacity(rows.len() * 2); // (floor, remainder, index)
    for (i, r) in rows.iter().enumerate() {
        for (k, n) in [r.male, r.female].into_iter().enumerate() {
            let exact = n as u128 * size as u128;
            cells.push(((exact / total as u128) as u64, (exact % total as u128) as u64, i * 2 + k));
        }
    }
    let assigned: u64 = cells.iter().map(|c| c.0).sum();
    let mut by_rem: Vec<usize> = (0..cells.len()).collect();
    by_rem.sort_by(|a, b| cells[*b].1.cmp(&cells[*a].1).then(a.cmp(b)));
    for &i in by_rem.iter().take((size - assigned) as usize) {
        cells[i].0 += 1;
    }
    rows.iter()
        .enumerate()
        .map(|(i, r)| AgeSexRow { male: cells[i * 2].0 as u32, female: cells[i * 2 + 1].0 as u32, ..*r })
        .collect()
}

/// Swedish- and other-language shares by municipality (assumption, rounded
/// from Statistics Finland's language statistics); elsewhere 5 % / 5 %.
fn language_shares(municipality: u16) -> (f64, f64) {
    match municipality {
        18 => (0.02, 0.04),
        407 => (0.33, 0.04),
        434 => (0.38, 0.04),
        504 => (0.07, 0.03),
        616 => (0.01, 0.03),
        638 => (0.29, 0.06),
        753 => (0.34, 0.06),
        _ => (0.05, 0.05),
    }
}

/// Draws one of `weights` (which sum to about 1).
fn pick(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let mut x: f64 = rng.random();
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// Generates the people of `rows` (in table order, so rows come out sorted by
/// municipality and age), calling `emit` for each.
pub fn generate(rows: &[AgeSexRow], seed: u64, mut emit: impl FnMut(Person)) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // The facts added later (household, own income, disability, service
    // municipality) come from a stream of their own, so the earlier facts of a
    // seed stay the same people they were.
    let mut more = ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9_7f4a_7c15);
    let municipalities: Vec<u16> = {
        let mut m: Vec<u16> = rows.iter().map(|r| r.municipality).collect();
        m.dedup();
        m
    };
    for r in rows {
        for (sex, n) in [(1u16, r.male), (0u16, r.female)] {
            for _ in 0..n {
                let mut p = person(&mut rng, r.municipality, r.age, sex);
                household(&mut more, &mut p, r.age as u32, &municipalities);
                emit(p);
            }
        }
    }
}

/// Children by age band, household size, own income, Kela disability allowance
/// and the municipality of the service (assumptions in `docs/population.md`).
fn household(rng: &mut ChaCha8Rng, p: &mut Person, a: u32, municipalities: &[u16]) {
    let num = |p: &Person, f: Fact| p.number(f).unwrap_or(0.0);
    let flag = |p: &Person, f: Fact| matches!(p.get(f), Some(Value::Flag(true)));
    let children = num(p, Fact::Children) as u32;
    // Children's ages: the youngest as drawn, each older one 1–4 years older, at most 17.
    let (mut under3, mut under7) = (0u32, 0u32);
    if let Some(youngest) = p.number(Fact::YoungestChildAge) {
        let mut age = youngest;
        for i in 0..children {
            if i > 0 {
                age = (age + 1.0 + rng.random::<f32>() * 3.0).min(17.9);
            }
            under3 += u32::from(age < 3.0);
            under7 += u32::from(age < 7.0);
        }
    }
    let income = num(p, Fact::Income);
    let (size, own_share) = if a < 18 {
        // A child: one or two parents and 0–2 siblings; no income of its own.
        (if rng.random_bool(0.2) { 1 } else { 2 } + 1 + pick(rng, &[0.4, 0.4, 0.2]) as u32, 0.0)
    } else if flag(p, Fact::LivesAlone) {
        (1, 1.0)
    } else if flag(p, Fact::SingleParent) {
        (1 + children, 1.0)
    } else if children > 0 {
        (2 + children, 0.3 + rng.random::<f64>() * 0.4)
    } else if a < 25 && rng.random_bool(0.5) {
        (3, 0.15 + rng.random::<f64>() * 0.2) // living with parents
    } else {
        (2, 0.3 + rng.random::<f64>() * 0.4)
    };
    let own = (income as f64 * own_share).round().min(income as f64) as f32;
    // Kela disability allowance: half of those with an intellectual, physical or
    // sensory disability (basic 50 %, increased 35 %, highest 15 %); 5 % of 16–64
    // with a long-term illness at the basic level.
    let diagnosis = match p.get(Fact::DiagnosisGroup) {
        Some(Value::Choice(c)) => c,
        _ => 0,
    };
    let allowance = match diagnosis {
        4..=6 if rng.random_bool(0.5) => pick(rng, &[0.5, 0.35, 0.15]) as u32 + 1,
        7 if (16..65).contains(&a) && rng.random_bool(0.05) => 1,
        _ => 0,
    };
    // 3 % use the service in another municipality of the same table.
    let home = match p.get(Fact::Municipality) {
        Some(Value::Choice(c)) => c,
        _ => 0,
    };
    let service = if municipalities.len() > 1 && rng.random_bool(0.03) {
        let others: Vec<u16> = municipalities.iter().copied().filter(|m| *m != home).collect();
        others[rng.random_range(0..others.len())]
    } else {
        home
    };
    p.set(Fact::ChildrenUnder3, Some(Value::Number(under3 as f32)));
    p.set(Fact::ChildrenUnder7, Some(Value::Number(under7 as f32)));
    p.set(Fact::HouseholdSize, Some(Value::Number(size as f32)));
    p.set(Fact::OwnIncome, Some(Value::Number(own)));
    p.set(Fact::DisabilityAllowance, Some(Value::Number(allowance as f32)));
    p.set(Fact::ServiceMunicipality, Some(Value::Choice(service)));
    p.settle().expect("generated facts agree");
}

/// Generates into a vector.
pub fn generate_vec(rows: &[AgeSexRow], seed: u64) -> Vec<Person> {
    let total: u64 = rows.iter().map(|r| (r.male + r.female) as u64).sum();
    let mut out = Vec::with_capacity(total as usize);
    generate(rows, seed, |p| out.push(p));
    out
}

fn person(rng: &mut ChaCha8Rng, municipality: u16, age_years: u8, sex: u16) -> Person {
    let age = age_years as f32 + rng.random::<f32>() * 0.999;
    let a = age_years as u32;
    let female = sex == 0;
    let flag = |rng: &mut ChaCha8Rng, p: f64| rng.random_bool(p.clamp(0.0, 1.0));

    // Functional ability (RAI MAPLe 1–5) by age: most people need no care.
    let maple_weights: &[f64] = match a {
        0..=64 => &[0.95, 0.03, 0.01, 0.007, 0.003],
        65..=74 => &[0.80, 0.10, 0.05, 0.03, 0.02],
        75..=84 => &[0.55, 0.20, 0.12, 0.08, 0.05],
        _ => &[0.30, 0.20, 0.20, 0.18, 0.12],
    };
    let maple = pick(rng, maple_weights) as i32 + 1;
    let jitter = |rng: &mut ChaCha8Rng| pick(rng, &[0.25, 0.5, 0.25]) as i32 - 1;
    let cps = (maple - 1 + jitter(rng)).clamp(0, 6);
    let adl = (maple - 1 + jitter(rng) + i32::from(maple >= 4)).clamp(0, 6);
    let care_allowance = match maple {
        5 if flag(rng, 0.6) => 3,
        4 | 5 if flag(rng, 0.5) => 2,
        3..=5 if flag(rng, 0.4) => 1,
        _ => 0,
    };

    // Household. Parents are 20–54; children's households are not modelled
    // (a child record has no children of its own and does not live alone).
    let parent_p = match a {
        20..=24 => 0.08,
        25..=29 => 0.25,
        30..=34 => 0.45,
        35..=44 => 0.55,
        45..=49 => 0.35,
        50..=54 => 0.12,
        _ => 0.0,
    };
    let children = if flag(rng, parent_p) { pick(rng, &[0.40, 0.40, 0.15, 0.05]) as u32 + 1 } else { 0 };
    let youngest = if children > 0 {
        let oldest_possible = (a.saturating_sub(20)).min(17) as f32;
        Some(rng.random::<f32>() * (oldest_possible + 0.99).min(17.99))
    } else {
        None
    };
    let single_parent = children > 0 && flag(rng, 0.20);
    let lives_alone = children == 0
        && flag(
            rng,
            match a {
                0..=17 => 0.0,
                18..=29 => 0.35,
                30..=64 => 0.20,
                65..=74 => 0.30,
                75..=84 => 0.40,
                _ => 0.55,
            },
        );

    // Income: household gross €/month, log-normal around an age-dependent median.
    let median: f64 = match a {
        0..=17 => 4200.0,
        18..=24 => 1500.0,
        25..=64 => {
            if lives_alone || single_parent {
                2600.0
            } else {
                4800.0
            }
        }
        _ => {
            if lives_alone {
                1700.0
            } else {
                3200.0
            }
        }
    };
    let normal: f64 = (0..12).map(|_| rng.random::<f64>()).sum::<f64>() - 6.0;
    let income = (median * (0.5 * normal).exp()).clamp(0.0, 1_000_000.0).round() as f32;

    let pregnant = female && (18..=44).contains(&a) && flag(rng, 0.04);
    let student = flag(
        rng,
        match a {
            16..=19 => 0.85,
            20..=24 => 0.45,
            25..=29 => 0.20,
            _ => 0.0,
        },
    );
    // Diagnosis or disability group (one per person, the most care-relevant).
    let diagnosis: u16 = if a >= 65 && flag(rng, if a >= 75 { 0.12 } else { 0.03 }) {
        1 // memory disorder
    } else {
        let working_age = (18..65).contains(&a);
        let weights = [
            if working_age { 0.06 } else { 0.02 },  // mental health
            if working_age { 0.02 } else { 0.005 }, // substance use
            0.007,                                  // intellectual disability
            if a >= 65 { 0.05 } else { 0.02 },      // physical disability
            if a >= 65 { 0.08 } else { 0.02 },      // sensory impairment
            if a >= 40 { 0.10 } else { 0.03 },      // long-term illness
        ];
        let none = 1.0 - weights.iter().sum::<f64>();
        match pick(rng, &[weights[0], weights[1], weights[2], weights[3], weights[4], weights[5], none]) {
            6 => 0,
            i => i as u16 + 2,
        }
    };
    let (sv, other) = language_shares(municipality);
    let tongue = pick(rng, &[1.0 - sv - other, sv, other]) as u16;
    let has_carer = flag(rng, if maple >= 3 { 0.35 } else { 0.03 });
    let frail = maple >= 4 && flag(rng, 0.8);
    let disabled = diagnosis == 5 && flag(rng, 0.6);
    let old = a >= 75 && flag(rng, 0.1);
    let transport_ok = !(frail || disabled || old);
    let family_need = if children > 0 { pick(rng, &[0.85, 0.10, 0.04, 0.01]) } else { 0 };

    let mut p = Person::default()
        .with(Fact::Age, Value::Number(age))
        .with(Fact::Municipality, Value::Choice(municipality))
        .with(Fact::Sex, Value::Choice(sex))
        .with(Fact::Children, Value::Number(children as f32))
        .with(Fact::YoungestChildAge, youngest.map_or(Value::NotApplicable, Value::Number))
        .with(Fact::LivesAlone, Value::Flag(lives_alone))
        .with(Fact::SingleParent, Value::Flag(single_parent))
        .with(Fact::RaiMaple, Value::Number(maple as f32))
        .with(Fact::Cps, Value::Number(cps as f32))
        .with(Fact::AdlH, Value::Number(adl as f32))
        .with(Fact::CareAllowance, Value::Number(care_allowance as f32))
        .with(Fact::Pregnant, Value::Flag(pregnant))
        .with(Fact::Student, Value::Flag(student))
        .with(Fact::Income, Value::Number(income))
        .with(Fact::DiagnosisGroup, Value::Choice(diagnosis))
        .with(Fact::MotherTongue, Value::Choice(tongue))
        .with(Fact::HasInformalCarer, Value::Flag(has_carer))
        .with(Fact::CanUsePublicTransport, Value::Flag(transport_ok))
        .with(Fact::FamilySupportNeed, Value::Number(family_need as f32));
    p.settle().expect("generated facts agree");
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# test\nmunicipality\tage\tmale\tfemale\n638\t80\t3\t5\n638\t81\t2\t0\n434\t30\t7\t1\n";

    #[test]
    fn scales_exactly_and_repeats() {
        let rows = parse_age_sex(TABLE).unwrap();
        assert_eq!(rows.len(), 3);
        for size in [1, 17, 18, 1000] {
            let s = scale(&rows, size);
            assert_eq!(s.iter().map(|r| (r.male + r.female) as u64).sum::<u64>(), size);
        }
        let a = generate_vec(&rows, 7);
        let b = generate_vec(&rows, 7);
        assert_eq!(a, b);
        assert_eq!(a.len(), 18);
        assert!(a.iter().all(|p| p.number(Fact::Age).is_some_and(|x| (30.0..82.0).contains(&x))));
        // Every record has every fact, and they agree with each other.
        for p in &a {
            assert!(Fact::ALL.iter().all(|f| p.get(*f).is_some()), "{p:?}");
            assert!(p.number(Fact::OwnIncome) <= p.number(Fact::Income));
            assert!(p.number(Fact::HouseholdSize).unwrap() >= p.number(Fact::Children).unwrap() + 1.0);
        }
        assert_eq!(parse_age_sex("638\tx\t1\t2").unwrap_err(), RulesError::AgeSexTable { line: 1 });
    }
}
