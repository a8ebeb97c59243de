from decimal import Decimal

import pytest

from core.registry import indicators


@pytest.fixture
def fixed_indicator():
    """Registers a test-only indicator key and removes it afterwards."""
    calls = []

    def func(start, end):
        calls.append((start, end))
        return Decimal("42.5")

    indicators.register(key="tests.fixed", name="Cifra fija de prueba", unit="u", func=func)
    yield calls
    indicators._items.pop("tests.fixed", None)


@pytest.fixture
def failing_indicator():
    def func(start, end):
        raise RuntimeError("fuente caída")

    indicators.register(key="tests.failing", name="Cifra que falla", unit="u", func=func)
    yield
    indicators._items.pop("tests.failing", None)
