"""Who may see and change the audit domain's objects (see auditportal.access)."""

from . import casework, fieldwork, improvement, retention, tools, visits  # noqa: F401  (each registers its policies)
