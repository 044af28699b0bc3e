"""ETRS-TM35FIN (EPSG:3067) <-> ETRS89/WGS84 geographic, Krüger series (JHS 197).

Standard library only. Used by generate.py (forward) and check.py (inverse).
"""
import math

A = 6378137.0
F = 1 / 298.257222101
K0 = 0.9996
LON0 = math.radians(27.0)
E0 = 500000.0

_N = F / (2 - F)
_A1 = A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64)
_E2 = F * (2 - F)
_E = math.sqrt(_E2)
_H_FWD = (
    _N / 2 - 2 * _N**2 / 3 + 5 * _N**3 / 16 + 41 * _N**4 / 180,
    13 * _N**2 / 48 - 3 * _N**3 / 5 + 557 * _N**4 / 1440,
    61 * _N**3 / 240 - 103 * _N**4 / 140,
    49561 * _N**4 / 161280,
)
_H_INV = (
    _N / 2 - 2 * _N**2 / 3 + 37 * _N**3 / 96 - _N**4 / 360,
    _N**2 / 48 + _N**3 / 15 - 437 * _N**4 / 1440,
    17 * _N**3 / 480 - 37 * _N**4 / 840,
    4397 * _N**4 / 161280,
)


def wgs84_to_tm35(lat, lon):
    """Return (northing, easting) in metres for WGS84/ETRS89 degrees."""
    phi = math.radians(lat)
    l = math.radians(lon) - LON0
    q = math.asinh(math.tan(phi)) - _E * math.atanh(_E * math.sin(phi))
    beta = math.atan(math.sinh(q))
    eta0 = math.atanh(math.cos(beta) * math.sin(l))
    xi0 = math.asin(math.sin(beta) * math.cosh(eta0))
    xi, eta = xi0, eta0
    for i, h in enumerate(_H_FWD, start=1):
        xi += h * math.sin(2 * i * xi0) * math.cosh(2 * i * eta0)
        eta += h * math.cos(2 * i * xi0) * math.sinh(2 * i * eta0)
    return _A1 * xi * K0, _A1 * eta * K0 + E0


def tm35_to_wgs84(northing, easting):
    """Return (lat, lon) in degrees for EPSG:3067 metres."""
    xi = northing / (_A1 * K0)
    eta = (easting - E0) / (_A1 * K0)
    xi1, eta1 = xi, eta
    for i, h in enumerate(_H_INV, start=1):
        xi1 -= h * math.sin(2 * i * xi) * math.cosh(2 * i * eta)
        eta1 -= h * math.cos(2 * i * xi) * math.sinh(2 * i * eta)
    beta = math.asin(math.sin(xi1) / math.cosh(eta1))
    l = math.asin(math.tanh(eta1) / math.cos(beta))
    q = math.asinh(math.tan(beta))
    q1 = q
    for _ in range(8):
        q1 = q + _E * math.atanh(_E * math.tanh(q1))
    return math.degrees(math.atan(math.sinh(q1))), math.degrees(LON0 + l)
