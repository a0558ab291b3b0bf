"""The audit domain's forms, one module per slice, like its models, services and views."""
