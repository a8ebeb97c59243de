"""A milestone's and an indicator's fields, declared once for the API, the admin, the
import-export file and the open data (each adds its own keys around them)."""

MILESTONE_FIELDS = ("order", "title", "weight", "start_date", "end_date", "status", "progress")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline",
    "target",
    "source",
    "source_key",
    "counted_from",
    "counted_until",
    "current_value",
)
