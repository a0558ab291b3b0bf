"""Who may see and change audit tools, visits and case audits (see auditportal.access)."""
