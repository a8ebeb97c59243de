"""Demo data: a year of reforestation deliveries, then ~200 complaints."""

from .complaints import demo as complaints_demo


def load(stdout):
    complaints_demo.load(stdout)
