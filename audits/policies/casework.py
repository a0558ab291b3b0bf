"""Access policies for the audit domain's casework."""
