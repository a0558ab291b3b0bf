"""Who may see covering reports and regional views (see auditportal.access)."""
