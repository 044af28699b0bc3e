"""WGS84 <-> EPSG:3067 (ETRS-TM35FIN) exactly as Polku computes it.

A port of `domain::geo` (crates/domain/src/geo.rs): the Gauss-Krueger series of
JHS 154 on GRS80, then `Location::from_wgs84` rounds to the millimetre. Polku's
Rust calls glibc's libm for sin, tan, sinh, log1p, hypot, ... and implements
`asinh` and `atanh` itself; numpy's SIMD versions of the transcendental
functions may differ from glibc's in the last bit. The vectorised `forward_mm`
therefore recomputes, with Python's `math` (glibc) and Rust's own asinh/atanh
formulas, every coordinate that lands within 1e-7 m of a millimetre rounding
boundary, so the millimetre-rounded result is the one Polku gets.
"""

import ctypes
import ctypes.util
import math

import numpy as np

A = 6_378_137.0
F = 1.0 / 298.257_222_101
K0 = 0.9996
LON0_DEG = 27.0
E0 = 500_000.0
RADS_PER_DEG = math.pi / 180.0  # Rust's f64::to_radians multiplies by this
DEGS_PER_RAD = 180.0 / math.pi  # and f64::to_degrees by this

_n = F / (2.0 - F)
_n2, _n3, _n4 = _n * _n, _n * _n * _n, _n * _n * _n * _n
_e2 = 2.0 * F - F * F
A1 = A / (1.0 + _n) * (1.0 + _n2 / 4.0 + _n4 / 64.0)
E = math.sqrt(_e2)
FORWARD = [
    _n / 2.0 - 2.0 / 3.0 * _n2 + 5.0 / 16.0 * _n3 + 41.0 / 180.0 * _n4,
    13.0 / 48.0 * _n2 - 3.0 / 5.0 * _n3 + 557.0 / 1440.0 * _n4,
    61.0 / 240.0 * _n3 - 103.0 / 140.0 * _n4,
    49561.0 / 161_280.0 * _n4,
]
INVERSE = [
    _n / 2.0 - 2.0 / 3.0 * _n2 + 37.0 / 96.0 * _n3 - 1.0 / 360.0 * _n4,
    1.0 / 48.0 * _n2 + 1.0 / 15.0 * _n3 - 437.0 / 1440.0 * _n4,
    17.0 / 480.0 * _n3 - 37.0 / 840.0 * _n4,
    4397.0 / 161_280.0 * _n4,
]

_libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
_libm.hypot.restype = ctypes.c_double
_libm.hypot.argtypes = [ctypes.c_double, ctypes.c_double]


def rust_round(x):
    """f64::round (half away from zero) for non-negative arrays."""
    f = np.floor(x)
    return np.where(x - f >= 0.5, f + 1.0, f)


def nano_to_deg(e7):
    """osmpbf's `lat()`: 1e-9 * nanodegrees (osmium writes granularity 100, offset 0)."""
    return 1e-9 * (np.asarray(e7, dtype=np.int64) * 100).astype(np.float64)


# --- scalar, glibc-exact -------------------------------------------------------------

def _asinh(x):  # Rust std's f64::asinh
    ax = abs(x)
    ix = 1.0 / ax
    return math.copysign(math.log1p(ax + (ax / (_libm.hypot(1.0, ix) + ix))), x)


def _atanh(x):  # Rust std's f64::atanh
    return 0.5 * math.log1p((2.0 * x) / (1.0 - x))


def _round_mm(v):
    x = v * 1000.0
    f = math.floor(x)
    return (f + 1.0 if x - f >= 0.5 else f) / 1000.0


def forward_scalar(lat, lon):
    """(northing, easting) in metres, rounded to mm, as `Location::from_wgs84`."""
    phi = lat * RADS_PER_DEG
    l = (lon - LON0_DEG) * RADS_PER_DEG
    q = _asinh(math.tan(phi)) - E * _atanh(E * math.sin(phi))
    beta = math.atan(math.sinh(q))
    eta0 = _atanh(math.cos(beta) * math.sin(l))
    xi0 = math.asin(math.sin(beta) * math.cosh(eta0))
    xi, eta = xi0, eta0
    for i, h in enumerate(FORWARD):
        k = 2.0 * (i + 1.0)
        xi += h * math.sin(k * xi0) * math.cosh(k * eta0)
        eta += h * math.cos(k * xi0) * math.sinh(k * eta0)
    return _round_mm(A1 * xi * K0), _round_mm(A1 * eta * K0 + E0)


# --- vectorised ----------------------------------------------------------------------

def _asinh_v(x):
    ax = np.abs(x)
    ix = 1.0 / ax
    return np.copysign(np.log1p(ax + (ax / (np.hypot(1.0, ix) + ix))), x)


def _atanh_v(x):
    return 0.5 * np.log1p((2.0 * x) / (1.0 - x))


def forward_raw(lat, lon):
    phi = lat * RADS_PER_DEG
    l = (lon - LON0_DEG) * RADS_PER_DEG
    q = _asinh_v(np.tan(phi)) - E * _atanh_v(E * np.sin(phi))
    beta = np.arctan(np.sinh(q))
    eta0 = _atanh_v(np.cos(beta) * np.sin(l))
    xi0 = np.arcsin(np.sin(beta) * np.cosh(eta0))
    xi, eta = xi0.copy(), eta0.copy()
    for i, h in enumerate(FORWARD):
        k = 2.0 * (i + 1.0)
        xi += h * np.sin(k * xi0) * np.cosh(k * eta0)
        eta += h * np.cos(k * xi0) * np.sinh(k * eta0)
    return A1 * xi * K0, A1 * eta * K0 + E0


def forward_mm(lat, lon, exact_all=False):
    """Vectorised (northing, easting) rounded to mm, identical to Polku's.

    Returns (n, e, fixed) where `fixed` is how many points were recomputed
    with the scalar glibc path because they were near a rounding boundary."""
    lat = np.asarray(lat, dtype=np.float64)
    lon = np.asarray(lon, dtype=np.float64)
    n_raw, e_raw = forward_raw(lat, lon)
    n = rust_round(n_raw * 1000.0) / 1000.0
    e = rust_round(e_raw * 1000.0) / 1000.0

    def near(v):
        x = v * 1000.0
        return np.abs(x - np.floor(x) - 0.5) < 1e-4  # within 1e-7 m of a boundary

    todo = np.arange(len(lat)) if exact_all else np.flatnonzero(near(n_raw) | near(e_raw))
    for i in todo:
        n[i], e[i] = forward_scalar(float(lat[i]), float(lon[i]))
    return n, e, len(todo)


def inverse(n, e):
    """(northing, easting) to WGS84 (lat, lon) in degrees, vectorised."""
    xi = n / (A1 * K0)
    eta = (e - E0) / (A1 * K0)
    xi1, eta1 = xi.copy(), eta.copy()
    for i, h in enumerate(INVERSE):
        k = 2.0 * (i + 1.0)
        xi1 -= h * np.sin(k * xi) * np.cosh(k * eta)
        eta1 -= h * np.cos(k * xi) * np.sinh(k * eta)
    beta = np.arcsin(np.sin(xi1) / np.cosh(eta1))
    l = np.arcsin(np.tanh(eta1) / np.cos(beta))
    q = np.arcsinh(np.tan(beta))
    q1 = q.copy()
    for _ in range(6):
        q1 = q + E * np.arctanh(E * np.tanh(q1))
    return np.arctan(np.sinh(q1)) * DEGS_PER_RAD, LON0_DEG + l * DEGS_PER_RAD
