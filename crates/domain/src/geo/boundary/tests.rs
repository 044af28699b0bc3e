//! Tests of the municipal boundaries: border towns on both sides, islands, the sea, swapped
//! coordinates, and municipalities on both sides of a municipal border.
//!
//! Places are given in WGS84 degrees. "Where the file draws the border" points were placed
//! 250 to 300 m either side of the nearest edge of the boundary file, perpendicular to it.

use super::*;
use crate::reference::Reference;

/// `(lat, lon, expected municipality or None for outside Finland, what the place is)`.
type Case = (f64, f64, Option<&'static str>, &'static str);

fn check(cases: &[Case]) {
    let mut wrong = Vec::new();
    for &(lat, lon, expected, name) in cases {
        let got = municipality_at(lat, lon);
        if got != expected || in_finland(lat, lon) != expected.is_some() {
            wrong.push(format!("{name} ({lat}, {lon}): expected {expected:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The examples and other border towns: refused by the old coarse outline, in Finland.
#[test]
fn border_towns_in_finland() {
    check(&[
        (66.39, 23.72, Some("976"), "Aavasaksa, Ylitornio (the issue's example)"),
        (65.848, 24.146, Some("851"), "Tornio centre, about 430 m from Haparanda"),
        (65.84689, 24.14431, Some("851"), "Tornio, 300 m east of where the file draws the border with Haparanda"),
        (66.38828, 23.69566, Some("976"), "Aavasaksa, 300 m east of where the file draws the Tornio river border"),
        (69.667, 29.03, Some("148"), "Näätämö, Inari"),
        (69.70166, 29.07566, Some("148"), "Näätämö road, 300 m inside where the file draws the border with Norway"),
        (62.61, 31.30, Some("146"), "Möhkö, Ilomantsi"),
        (62.60569, 31.30921, Some("146"), "Möhkö, 300 m west of where the file draws the border with Russia"),
        (62.19, 30.62, Some("848"), "Värtsilä, Tohmajärvi"),
        (69.39845, 25.85128, Some("890"), "Karigasniemi, Utsjoki, 300 m from the Inarijoki border"),
        (69.047, 20.79, Some("047"), "Kilpisjärvi, Enontekiö"),
        (69.9078805, 27.0283385, Some("890"), "Utsjoki central locality (NLS)"),
        (60.5877, 27.8335, Some("935"), "Vaalimaa, Virolahti"),
        (61.17, 28.78, Some("153"), "Imatra"),
        // The Finnish part of Märket lies 60 m outside the source's polygon: the tolerance takes it in.
        (60.3011, 19.1311, Some("076"), "Märket lighthouse (Finnish side), Hammarland"),
    ]);
}

/// Just across the border, and farther: outside Finland.
#[test]
fn neighbours_outside() {
    check(&[
        (65.8355, 24.1368, None, "Haparanda, Sweden, about 480 m from Tornio"),
        (65.833, 24.133, None, "Haparanda town coordinates"),
        (65.84434, 24.13274, None, "Haparanda, 300 m west of where the file draws the border with Tornio"),
        (66.388, 23.653, None, "Övertorneå, Sweden"),
        (66.38735, 23.68244, None, "Övertorneå, 300 m west of where the file draws the Tornio river border"),
        (69.6958, 29.3775, None, "Neiden, Norway"),
        (69.70655, 29.08212, None, "towards Neiden, 300 m into Norway from where the file draws the border"),
        (62.60371, 31.32007, None, "Russia, 300 m east of where the file draws the border at Möhkö"),
        (62.60, 31.40, None, "Russia, 4 km east of Möhkö"),
        (62.18, 30.69, None, "Vyartsilya, Russia"),
        (61.11, 28.86, None, "Svetogorsk, Russia"),
        (60.71, 28.75, None, "Vyborg, Russia"),
        (59.94, 30.31, None, "St Petersburg"),
        (59.437, 24.745, None, "Tallinn, Estonia"),
        (59.85, 25.0, None, "Gulf of Finland, between Finland's and Estonia's waters"),
        (62.0, 20.0, None, "Bothnian Sea, outside Finland's territorial waters"),
        (63.8258, 20.263, None, "Umeå, Sweden"),
        (65.58, 22.15, None, "Luleå, Sweden"),
        (59.33, 18.07, None, "Stockholm"),
        (69.65, 18.95, None, "Tromsø, Norway"),
    ]);
}

/// Islands, skerries and the sea within Finland's territorial waters.
#[test]
fn islands_and_territorial_waters_inside() {
    check(&[
        (60.097, 19.935, Some("478"), "Mariehamn, Åland"),
        (60.22, 19.55, Some("043"), "Eckerö, Åland"),
        (59.92, 20.90, Some("318"), "Kökar, Åland"),
        (59.503, 20.351, Some("318"), "Bogskär, Finland's southernmost skerry"),
        (59.78, 21.37, Some("445"), "Utö, Pargas"),
        (60.1454, 24.9881, Some("091"), "Suomenlinna, Helsinki"),
        (60.105, 24.975, Some("091"), "Harmaja lighthouse, Helsinki"),
        (60.10, 25.05, Some("091"), "Isosaari, Helsinki"),
        (65.04, 24.56, Some("072"), "Marjaniemi, Hailuoto"),
        (59.823, 22.968, Some("078"), "Hanko"),
        (59.7, 23.0, Some("078"), "the sea south of Hanko, within the territorial sea"),
    ]);
}

/// Both sides of municipal borders: points 250 m either side of a straight stretch of where the
/// file draws them (and 250 m from the rest of the border too).
#[test]
fn municipalities_on_both_sides_of_a_border() {
    check(&[
        (60.1710, 24.9414, Some("091"), "Helsinki railway station"),
        (60.25507, 25.08061, Some("091"), "Helsinki, 250 m from Vantaa"),
        (60.25393, 25.08935, Some("092"), "Vantaa, 250 m from Helsinki"),
        (60.18073, 24.84811, Some("091"), "Helsinki, 250 m from Espoo"),
        (60.18061, 24.8391, Some("049"), "Espoo, 250 m from Helsinki"),
        (60.31238, 25.44811, Some("638"), "Porvoo, 250 m from Sipoo"),
        (60.30995, 25.44049, Some("753"), "Sipoo, 250 m from Porvoo"),
        (65.77435, 24.43767, Some("851"), "Tornio, 250 m from Keminmaa"),
        (65.77261, 24.44773, Some("241"), "Keminmaa, 250 m from Tornio"),
        (69.30053, 26.48575, Some("148"), "Inari, 250 m from Utsjoki"),
        (69.30441, 26.47941, Some("890"), "Utsjoki, 250 m from Inari"),
        (60.11063, 19.92634, Some("478"), "Mariehamn, 250 m from Jomala"),
        (60.11068, 19.91736, Some("170"), "Jomala, 250 m from Mariehamn"),
        (60.3795, 25.6928, Some("638"), "Porvoo hospital"),
        (65.01, 25.47, Some("564"), "Oulu"),
        (61.4978, 23.7610, Some("837"), "Tampere"),
        // Pertunmaa (588) was joined to Mäntyharju on 1.1.2025.
        (61.5028, 26.4792, Some("507"), "Pertunmaa church village, now Mäntyharju"),
    ]);
}

#[test]
fn swapped_and_invalid_coordinates_are_outside() {
    check(&[
        (24.9414, 60.1710, None, "Helsinki swapped"),
        (25.6928, 60.3795, None, "Porvoo swapped"),
        (23.72, 66.39, None, "Aavasaksa swapped"),
        (29.03, 69.667, None, "Näätämö swapped"),
        (0.0, 0.0, None, "null island"),
        (f64::NAN, 25.0, None, "NaN latitude"),
        (60.0, f64::INFINITY, None, "infinite longitude"),
        (-60.1710, -24.9414, None, "signs flipped"),
    ]);
    assert_eq!(municipality_at_tm35fin(f64::NAN, 385_781.0), None);
    // EPSG:3067 northing and easting swapped.
    assert_eq!(municipality_at_tm35fin(385_781.556, 6_672_235.655), None);
    assert_eq!(municipality_at_tm35fin(6_672_235.655, 385_781.556), Some("091"));
}

#[test]
fn tolerance_ends_at_the_stated_distance() {
    // Walk west from Tornio into Haparanda along a parallel, a metre at a time: the answer
    // changes once, from Tornio to outside, at the tolerance past the polygon (measured along
    // the parallel, which meets the border at an angle, so a little more).
    let boundaries = Boundaries::get();
    let (n, e0) = crate::geo::wgs84_to_tm35fin(65.846, 24.15);
    let steps: Vec<f64> = (0..2_000).map(|i| e0 - f64::from(i)).collect();
    let answers: Vec<Option<&str>> = steps.iter().map(|&e| municipality_at_tm35fin(n, e)).collect();
    let changes = answers.windows(2).filter(|w| w[0] != w[1]).count();
    assert_eq!((answers[0], answers[answers.len() - 1], changes), (Some("851"), None, 1));
    let last_inside = steps.iter().rposition(|&e| boundaries.inside(e, n).is_some()).expect("Tornio is inside");
    let last_in_finland = answers.iter().rposition(Option::is_some).expect("Tornio is in Finland");
    let band = (last_in_finland - last_inside) as f64;
    assert!((BORDER_TOLERANCE_M - 1.0..BORDER_TOLERANCE_M * 1.5).contains(&band), "{band} m");
}

#[test]
fn every_municipality_of_the_reference_has_a_boundary_and_nothing_else() {
    let boundaries = Boundaries::get();
    let reference = Reference::get();
    let mut codes = boundaries.codes.clone();
    codes.sort_unstable();
    let expected: Vec<&str> = reference.municipalities.keys().map(String::as_str).collect();
    assert_eq!(codes, expected);
}

#[test]
fn malformed_files_are_refused_with_the_line() {
    for (file, message) in [
        ("arc 1 2\n", "line 1: an arc needs two or more vertices"),
        ("arc 0 0 1 0 0 1 -1 -1\nmunicipality 091 1\n", "line 2: \"1\" is not the number of an arc above"),
        ("arc 0 0 1 0 0 1\nmunicipality 091 0\n", "does not close"),
        ("arc 0 0 1 x\n", "line 1: \"x\" is not an integer"),
        ("polygon 1 2\n", "line 1: expected `arc` or `municipality`"),
        ("# only a comment\n", "0 municipalities"),
    ] {
        let err = Boundaries::parse(file).expect_err(file);
        assert!(err.contains(message), "{file:?}: {err}");
    }
    let square = Boundaries::parse("arc 0 0 10 0 0 10 -10 0 0 -10\nmunicipality 001 0\n").expect("a square");
    assert_eq!((square.inside(5.0, 5.0), square.inside(15.0, 5.0), square.locate(15.0, 5.0)), (Some(0), None, Some(0)));
    // Within the tolerance of its outer boundary.
    assert_eq!(square.locate(10.0 + BORDER_TOLERANCE_M - 1.0, 5.0), Some(0));
    assert_eq!(square.locate(10.0 + BORDER_TOLERANCE_M + 1.0, 5.0), None);
}

#[test]
fn near_a_municipality() {
    assert!(near_municipality(60.25484, 25.08236, "092", BORDER_TOLERANCE_M), "Helsinki, 150 m from Vantaa");
    assert!(!near_municipality(60.25507, 25.08061, "092", BORDER_TOLERANCE_M), "Helsinki, 250 m from Vantaa");
    assert!(near_municipality(60.25507, 25.08061, "092", 300.0), "Helsinki, 250 m from Vantaa");
    assert!(near_municipality(60.25507, 25.08061, "091", 0.0), "inside");
    assert!(!near_municipality(60.1710, 24.9414, "999", 1e6), "unknown code");
    assert!(!near_municipality(24.9414, 60.1710, "091", BORDER_TOLERANCE_M), "swapped");
    assert!(!near_municipality(60.1710, 24.9414, "092", f64::NAN), "NaN distance");
}

#[test]
fn a_municipality_s_edges_surround_its_inside() {
    let edges = municipality_edges("638");
    assert!(edges.len() > 100, "{}", edges.len());
    // Porvoo hospital lies inside the box of Porvoo's edges; an unknown code has none.
    let (n, e) = crate::geo::wgs84_to_tm35fin(60.3795, 25.6928);
    let (min_e, max_e) = edges.iter().fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x[0]), b.max(x[0])));
    let (min_n, max_n) = edges.iter().fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x[1]), b.max(x[1])));
    assert!((min_e..=max_e).contains(&e) && (min_n..=max_n).contains(&n));
    assert!(municipality_edges("999").is_empty());
}
