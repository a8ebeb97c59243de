"""Approximate centres of the province's parishes (by parish code), for the map's labels and
the demo data. Not reference data: a parish's real extent lives nowhere in the portal yet."""

from decimal import Decimal

PARISH_CENTRES = {
    "SDO": (Decimal("-0.254"), Decimal("-79.172")),
    "ALL": (Decimal("-0.318"), Decimal("-78.995")),
    "LDA": (Decimal("-0.412"), Decimal("-79.305")),
    "PLI": (Decimal("-0.390"), Decimal("-79.410")),
    "SJB": (Decimal("-0.115"), Decimal("-79.420")),
    "VHE": (Decimal("-0.085"), Decimal("-79.270")),
    "ESF": (Decimal("-0.470"), Decimal("-79.220")),
    "SMT": (Decimal("-0.520"), Decimal("-79.060")),
    "LCN": (Decimal("0.006"), Decimal("-79.395")),
    "MTR": (Decimal("0.050"), Decimal("-79.300")),
    "LVI": (Decimal("0.030"), Decimal("-79.470")),
    "PPI": (Decimal("-0.040"), Decimal("-79.520")),
}
