//! Coordinates: WGS84 and EPSG:3067 (ETRS-TM35FIN), conversions and distances, and where a
//! point lies: in Finland, in which municipality (the `boundary` module, from the real municipal
//! boundaries).
//!
//! The conversion is the Gauss–Krüger series of the JHS 154 recommendation
//! (GRS80 ellipsoid, central meridian 27° E, scale 0.9996, false easting 500 km);
//! it agrees with PROJ to the millimetre within Finland (see the tests).

use serde::{Deserialize, Serialize};

mod boundary;

pub use boundary::{
    BORDER_TOLERANCE_M, in_finland, municipality_at, municipality_at_tm35fin, municipality_edges, near_municipality,
};

const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_222_101;
const K0: f64 = 0.9996;
const LON0_DEG: f64 = 27.0;
const E0: f64 = 500_000.0;

struct Series {
    a1: f64,
    e: f64,
    forward: [f64; 4],
    inverse: [f64; 4],
}

fn series() -> Series {
    let n = F / (2.0 - F);
    let (n2, n3, n4) = (n * n, n * n * n, n * n * n * n);
    let e2 = 2.0 * F - F * F;
    Series {
        a1: A / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0),
        e: e2.sqrt(),
        forward: [
            n / 2.0 - 2.0 / 3.0 * n2 + 5.0 / 16.0 * n3 + 41.0 / 180.0 * n4,
            13.0 / 48.0 * n2 - 3.0 / 5.0 * n3 + 557.0 / 1440.0 * n4,
            61.0 / 240.0 * n3 - 103.0 / 140.0 * n4,
            49561.0 / 161_280.0 * n4,
        ],
        inverse: [
            n / 2.0 - 2.0 / 3.0 * n2 + 37.0 / 96.0 * n3 - 1.0 / 360.0 * n4,
            1.0 / 48.0 * n2 + 1.0 / 15.0 * n3 - 437.0 / 1440.0 * n4,
            17.0 / 480.0 * n3 - 37.0 / 840.0 * n4,
            4397.0 / 161_280.0 * n4,
        ],
    }
}

/// A transverse Mercator projection on GRS80 (the family of EPSG:3067 and the ETRS-GKn zones).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TransverseMercator {
    pub lon0_deg: f64,
    pub k0: f64,
    pub false_easting: f64,
}

/// EPSG:3067, ETRS-TM35FIN: the national system.
pub const TM35FIN: TransverseMercator = TransverseMercator { lon0_deg: LON0_DEG, k0: K0, false_easting: E0 };
/// EPSG:3879, ETRS-GK25FIN: the Helsinki region's plane coordinates (HSY grids).
pub const GK25FIN: TransverseMercator = TransverseMercator { lon0_deg: 25.0, k0: 1.0, false_easting: 25_500_000.0 };

impl TransverseMercator {
    /// WGS84 (treated as ETRS89, as Finnish practice does) to (northing, easting) in metres.
    pub fn forward(&self, lat: f64, lon: f64) -> (f64, f64) {
        let s = series();
        let phi = lat.to_radians();
        let l = (lon - self.lon0_deg).to_radians();
        let q = phi.tan().asinh() - s.e * (s.e * phi.sin()).atanh();
        let beta = q.sinh().atan();
        let eta0 = (beta.cos() * l.sin()).atanh();
        let xi0 = (beta.sin() * eta0.cosh()).asin();
        let (mut xi, mut eta) = (xi0, eta0);
        for (i, h) in s.forward.iter().enumerate() {
            let k = 2.0 * (i as f64 + 1.0);
            xi += h * (k * xi0).sin() * (k * eta0).cosh();
            eta += h * (k * xi0).cos() * (k * eta0).sinh();
        }
        (s.a1 * xi * self.k0, s.a1 * eta * self.k0 + self.false_easting)
    }

    /// (northing, easting) in metres to WGS84 (lat, lon) in degrees.
    pub fn inverse(&self, n: f64, e: f64) -> (f64, f64) {
        let s = series();
        let xi = n / (s.a1 * self.k0);
        let eta = (e - self.false_easting) / (s.a1 * self.k0);
        let (mut xi1, mut eta1) = (xi, eta);
        for (i, h) in s.inverse.iter().enumerate() {
            let k = 2.0 * (i as f64 + 1.0);
            xi1 -= h * (k * xi).sin() * (k * eta).cosh();
            eta1 -= h * (k * xi).cos() * (k * eta).sinh();
        }
        let beta = (xi1.sin() / eta1.cosh()).asin();
        let l = (eta1.tanh() / beta.cos()).asin();
        let q = beta.tan().asinh();
        let mut q1 = q;
        for _ in 0..6 {
            q1 = q + s.e * (s.e * q1.tanh()).atanh();
        }
        (q1.sinh().atan().to_degrees(), self.lon0_deg + l.to_degrees())
    }
}

/// WGS84 (treated as ETRS89, as Finnish practice does) to ETRS-TM35FIN: returns (northing, easting) in metres.
pub fn wgs84_to_tm35fin(lat: f64, lon: f64) -> (f64, f64) {
    TM35FIN.forward(lat, lon)
}

/// ETRS-TM35FIN (northing, easting in metres) to WGS84: returns (lat, lon) in degrees.
pub fn tm35fin_to_wgs84(n: f64, e: f64) -> (f64, f64) {
    TM35FIN.inverse(n, e)
}

/// A point in both systems the catalog uses. Input gives one pair; Polku derives the other.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "LocationInput")]
pub struct Location {
    /// WGS84 latitude, degrees.
    pub lat: f64,
    /// WGS84 longitude, degrees.
    pub lon: f64,
    /// EPSG:3067 northing, metres.
    pub n: f64,
    /// EPSG:3067 easting, metres.
    pub e: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LocationInput {
    lat: Option<f64>,
    lon: Option<f64>,
    n: Option<f64>,
    e: Option<f64>,
}

impl TryFrom<LocationInput> for Location {
    type Error = String;
    fn try_from(input: LocationInput) -> Result<Location, String> {
        let loc = match (input.lat, input.lon, input.n, input.e) {
            (Some(lat), Some(lon), n, e) => {
                let loc = Location::from_wgs84(lat, lon);
                if let (Some(n), Some(e)) = (n, e)
                    && ((loc.n - n).abs() > 5.0 || (loc.e - e).abs() > 5.0)
                {
                    {
                        return Err(format!(
                            "lat/lon and n/e disagree: lat {lat}, lon {lon} is n {:.1}, e {:.1} in EPSG:3067",
                            loc.n, loc.e
                        ));
                    }
                }
                loc
            }
            (None, None, Some(n), Some(e)) => Location::from_tm35fin(n, e),
            _ => return Err("give both lat and lon (WGS84) or both n and e (EPSG:3067)".into()),
        };
        if [loc.lat, loc.lon, loc.n, loc.e].iter().all(|v| v.is_finite()) {
            Ok(loc)
        } else {
            Err("coordinates are not finite numbers".into())
        }
    }
}

impl Location {
    pub fn from_wgs84(lat: f64, lon: f64) -> Location {
        let (n, e) = wgs84_to_tm35fin(lat, lon);
        Location { lat, lon, n: round_mm(n), e: round_mm(e) }
    }

    pub fn from_tm35fin(n: f64, e: f64) -> Location {
        let (lat, lon) = tm35fin_to_wgs84(n, e);
        Location { lat: round_deg(lat), lon: round_deg(lon), n, e }
    }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    pub fn distance_m(&self, other: &Location) -> f64 {
        distance_m(self.lat, self.lon, other.lat, other.lon)
    }

    /// Whether the point lies in Finland ([`in_finland`]).
    pub fn in_finland(&self) -> bool {
        in_finland(self.lat, self.lon)
    }

    /// The code of the municipality the point lies in ([`municipality_at`]).
    pub fn municipality(&self) -> Option<&'static str> {
        municipality_at(self.lat, self.lon)
    }
}

fn round_mm(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn round_deg(v: f64) -> f64 {
    (v * 1e8).round() / 1e8
}

pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference values computed with PROJ 9 (pyproj, EPSG:4326 -> EPSG:3067).
    const PROJ: &[(f64, f64, f64, f64)] = &[
        (60.1710, 24.9414, 6_672_235.655, 385_781.556), // Helsinki railway station
        (60.3795, 25.6928, 6_694_391.232, 427_927.292), // Porvoo hospital
        (60.0, 27.0, 6_651_411.190, 500_000.000),
        (60.0, 20.0, 6_672_079.494, 110_043.299),
        (69.9, 31.5, 7_761_085.432, 672_457.900),
        (59.8, 21.0, 6_644_381.291, 163_620.537),
    ];

    #[test]
    fn forward_matches_proj_to_a_millimetre() {
        for &(lat, lon, n, e) in PROJ {
            let (n2, e2) = wgs84_to_tm35fin(lat, lon);
            assert!((n - n2).abs() < 0.001 && (e - e2).abs() < 0.001, "{lat},{lon}: {n2},{e2}");
        }
    }

    #[test]
    fn inverse_matches_proj() {
        for &(lat, lon, n, e) in PROJ {
            let (lat2, lon2) = tm35fin_to_wgs84(n, e);
            assert!((lat - lat2).abs() < 1e-7 && (lon - lon2).abs() < 1e-7, "{n},{e}: {lat2},{lon2}");
        }
    }

    #[test]
    fn gk25_zone_of_the_helsinki_region() {
        // On its central meridian (25° E, scale 1) the northing is the meridian arc:
        // TM35FIN's northing at 27° E divided by its scale 0.9996.
        let (n, e) = GK25FIN.forward(60.0, 25.0);
        assert!((n - 6_651_411.190 / 0.9996).abs() < 0.001 && (e - 25_500_000.0).abs() < 0.001, "{n},{e}");
        // Round trip, and a point east of the meridian has a larger easting.
        let (n, e) = GK25FIN.forward(60.1710, 24.9414);
        let (lat, lon) = GK25FIN.inverse(n, e);
        assert!((lat - 60.1710).abs() < 1e-8 && (lon - 24.9414).abs() < 1e-8);
        assert!(e < 25_500_000.0 && GK25FIN.forward(60.17, 25.1).1 > 25_500_000.0);
    }

    #[test]
    fn location_input_takes_either_pair_and_checks_agreement() {
        let from_wgs: Location = serde_json::from_str(r#"{"lat":60.1710,"lon":24.9414}"#).unwrap();
        assert!((from_wgs.n - 6_672_235.655).abs() < 0.01);
        let from_tm: Location = serde_json::from_str(r#"{"n":6672235.655,"e":385781.556}"#).unwrap();
        assert!((from_tm.lat - 60.1710).abs() < 1e-7);
        let both = r#"{"lat":60.1710,"lon":24.9414,"n":6672235.655,"e":385781.556}"#;
        assert!(serde_json::from_str::<Location>(both).is_ok());
        let disagree = r#"{"lat":60.1710,"lon":24.9414,"n":6000000,"e":385781.556}"#;
        assert!(serde_json::from_str::<Location>(disagree).unwrap_err().to_string().contains("disagree"));
        assert!(serde_json::from_str::<Location>(r#"{"lat":60.1}"#).is_err());
    }

    #[test]
    fn distance_helsinki_porvoo() {
        let d = distance_m(60.1710, 24.9414, 60.3795, 25.6928);
        assert!((d - 46_600.0).abs() < 1_000.0, "{d}");
    }
}
