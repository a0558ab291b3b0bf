"""Who may see and change the audit domain's objects (see auditportal.access)."""

from . import casework, tools, triangulation, visits  # noqa: F401  (each module registers its policies)
