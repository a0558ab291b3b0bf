"""Access policies for the audit domain's visits."""
