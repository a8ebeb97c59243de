from .complaints import admin as _complaints_admin  # noqa: F401
