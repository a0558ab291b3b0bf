"""Who may see and change the audit domain's objects (see auditportal.access)."""

from . import casework, fieldwork, retention, tools, visits  # noqa: F401  (each registers its policies)
