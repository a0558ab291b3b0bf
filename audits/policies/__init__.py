"""Who may see and change the audit domain's objects (see auditportal.access)."""

from . import casework, fieldwork, tools, visits  # noqa: F401  (each module registers its policies)
