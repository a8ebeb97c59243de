"""Environmental complaints (denuncias ambientales): a core citizen report."""

__all__: list[str] = []
