"""Field lists declared once for the API, the admin and the import-export files (each adds
its own keys around them)."""

# What a price observation says, as an import row and the API carry it.
PRICE_FIELDS = (
    "date",
    "product",
    "market",
    "unit",
    "price_type",
    "price",
    "price_min",
    "price_max",
)
PRODUCT_FIELDS = (
    "commodity",
    "variety",
    "category",
    "standard_unit",
    "deviation_threshold",
    "active",
)
