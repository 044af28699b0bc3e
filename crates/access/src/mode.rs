//! Modes of travel and what a road means to each: whether it may be used,
//! in which directions and how fast.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Walk,
    Bike,
    Car,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Walk, Mode::Bike, Mode::Car];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Walk => "walk",
            Mode::Bike => "bike",
            Mode::Car => "car",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Mode {
    type Err = crate::AccessError;

    fn from_str(s: &str) -> Result<Mode, crate::AccessError> {
        match s {
            "walk" => Ok(Mode::Walk),
            "bike" => Ok(Mode::Bike),
            "car" => Ok(Mode::Car),
            other => Err(crate::AccessError::UnknownMode(other.to_owned())),
        }
    }
}

/// Walking speed on the network and on the access legs to and from it, km/h.
pub const WALK_KMH: f64 = 4.8;
/// Cycling speed, km/h.
pub const BIKE_KMH: f64 = 16.0;

/// The tags of a way that routing reads (OpenStreetMap's names).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WayTags {
    pub highway: String,
    pub maxspeed: Option<String>,
    pub oneway: Option<String>,
    pub junction: Option<String>,
    pub access: Option<String>,
    pub foot: Option<String>,
    pub bicycle: Option<String>,
    pub motor_vehicle: Option<String>,
    pub motorcar: Option<String>,
    pub oneway_bicycle: Option<String>,
    pub area: Option<String>,
    pub tunnel: Option<String>,
    pub layer: Option<String>,
    pub indoor: Option<String>,
}

impl WayTags {
    /// Underground or indoor: routable, but no place to start or end a trip
    /// (a cell centre above a pedestrian tunnel is not in the tunnel).
    pub fn below_or_inside(&self) -> bool {
        matches!(self.tunnel.as_deref(), Some(t) if t != "no")
            || self.layer.as_deref().and_then(|l| l.trim().parse::<i32>().ok()).is_some_and(|l| l < 0)
            || matches!(self.indoor.as_deref(), Some(i) if i != "no")
            || matches!(self.highway.as_str(), "corridor" | "elevator")
    }
}

/// How a way may be travelled in one mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Use {
    /// Metres per second.
    pub speed: f64,
    pub forward: bool,
    pub backward: bool,
}

fn no(v: &Option<String>) -> bool {
    matches!(
        v.as_deref(),
        Some("no" | "private" | "agricultural" | "forestry" | "delivery" | "discouraged" | "use_sidepath")
    )
}

fn yes(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("yes" | "designated" | "permissive" | "destination" | "customers"))
}

/// Car speed by road class, km/h (when no `maxspeed`), a little under the usual
/// limits to account for junctions and traffic.
fn car_default_kmh(highway: &str) -> Option<f64> {
    Some(match highway {
        "motorway" => 100.0,
        "trunk" => 80.0,
        "primary" => 60.0,
        "secondary" => 50.0,
        "tertiary" => 40.0,
        "motorway_link" | "trunk_link" => 50.0,
        "primary_link" | "secondary_link" | "tertiary_link" => 35.0,
        "unclassified" => 35.0,
        "residential" => 25.0,
        "road" => 30.0,
        "living_street" => 10.0,
        "service" => 15.0,
        _ => return None,
    })
}

/// `maxspeed` in km/h: "50", "50 km/h", "30 mph", Finnish zone codes.
pub fn parse_maxspeed(v: &str) -> Option<f64> {
    let v = v.trim();
    match v {
        "FI:urban" => return Some(50.0),
        "FI:rural" => return Some(80.0),
        "FI:motorway" => return Some(120.0),
        "FI:living_street" | "FI:pedestrian_zone" => return Some(20.0),
        "walk" => return Some(6.0),
        _ => {}
    }
    let (num, factor) = match v.strip_suffix("mph") {
        Some(n) => (n, 1.609),
        None => (v.trim_end_matches("km/h").trim_end_matches("kmh"), 1.0),
    };
    num.trim().parse::<f64>().ok().filter(|x| *x > 0.0 && *x < 200.0).map(|x| x * factor)
}

/// How `mode` may use a way with `tags`; `None`: not at all.
pub fn usage(tags: &WayTags, mode: Mode) -> Option<Use> {
    let h = tags.highway.as_str();
    if h.is_empty() || tags.area.as_deref() == Some("yes") && h != "pedestrian" {
        return None;
    }
    let roundabout = tags.junction.as_deref() == Some("roundabout");
    let (fwd_only, bwd_only) = match tags.oneway.as_deref() {
        Some("yes" | "1" | "true") => (true, false),
        Some("-1" | "reverse") => (false, true),
        Some("no" | "0" | "false") => (false, false),
        _ => (roundabout || h == "motorway", false),
    };
    match mode {
        Mode::Car => {
            let kmh = car_default_kmh(h)?;
            let allowed = if no(&tags.motor_vehicle) || no(&tags.motorcar) {
                false
            } else if no(&tags.access) {
                yes(&tags.motor_vehicle) || yes(&tags.motorcar)
            } else {
                true
            };
            if !allowed {
                return None;
            }
            // Drive a little under the limit.
            let kmh = tags.maxspeed.as_deref().and_then(parse_maxspeed).map_or(kmh, |m| m * 0.85);
            Some(Use { speed: kmh / 3.6, forward: !bwd_only, backward: !fwd_only })
        }
        Mode::Walk => {
            let walkable =
                !matches!(h, "motorway" | "motorway_link" | "construction" | "proposed" | "raceway" | "bus_guideway");
            if !walkable || no(&tags.foot) || (no(&tags.access) && !yes(&tags.foot)) {
                return None;
            }
            Some(Use { speed: WALK_KMH / 3.6, forward: true, backward: true })
        }
        Mode::Bike => {
            let rideable = !matches!(
                h,
                "motorway"
                    | "motorway_link"
                    | "trunk"
                    | "trunk_link"
                    | "construction"
                    | "proposed"
                    | "steps"
                    | "raceway"
                    | "bus_guideway"
                    | "corridor"
            );
            let footway = matches!(h, "footway" | "pedestrian");
            if !rideable
                || no(&tags.bicycle)
                || (no(&tags.access) && !yes(&tags.bicycle))
                || (footway && !yes(&tags.bicycle))
            {
                return None;
            }
            let bike_both = tags.oneway_bicycle.as_deref() == Some("no");
            Some(Use { speed: BIKE_KMH / 3.6, forward: bike_both || !bwd_only, backward: bike_both || !fwd_only })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn way(highway: &str) -> WayTags {
        WayTags { highway: highway.into(), ..Default::default() }
    }

    #[test]
    fn roads_per_mode() {
        assert!(usage(&way("motorway"), Mode::Walk).is_none());
        let m = usage(&way("motorway"), Mode::Car).unwrap();
        assert!(m.forward && !m.backward, "motorways are one-way");
        assert!(usage(&way("footway"), Mode::Car).is_none());
        assert!(usage(&way("footway"), Mode::Walk).is_some());
        assert!(usage(&way("footway"), Mode::Bike).is_none());
        assert!(usage(&WayTags { bicycle: Some("yes".into()), ..way("footway") }, Mode::Bike).is_some());
        let one = WayTags { oneway: Some("yes".into()), ..way("residential") };
        let car = usage(&one, Mode::Car).unwrap();
        assert!(car.forward && !car.backward);
        let walk = usage(&one, Mode::Walk).unwrap();
        assert!(walk.forward && walk.backward, "pedestrians walk both ways");
        let private = WayTags { access: Some("private".into()), ..way("service") };
        assert!(usage(&private, Mode::Car).is_none());
        let fifty = WayTags { maxspeed: Some("50".into()), ..way("primary") };
        assert!((usage(&fifty, Mode::Car).unwrap().speed * 3.6 - 42.5).abs() < 0.01);
        assert_eq!(parse_maxspeed("FI:urban"), Some(50.0));
        assert_eq!(parse_maxspeed("none"), None);
    }
}
