"""Access policies for the audit domain's tools."""
