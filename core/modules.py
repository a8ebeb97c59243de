"""Finding the optional modules apps may have (`api.py`, `demo.py`, ...)."""

from importlib import import_module


def app_module(app: str, name: str):
    """The app's `name` module, or None if the app has none; an import error inside an existing
    module still raises."""
    try:
        return import_module(f"{app}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.{name}":
            raise
        return None
