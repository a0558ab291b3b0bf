"""Background work of the audit domain (e-mails), through Django's tasks framework."""
