"""What the covering report tells the apps above it, without importing them."""

from django.dispatch import Signal

# Sent inside the transaction that issues a version, with ``visit`` and ``issued`` (the
# IssuedReport). Receivers that raise roll the issue back, so what they store is never out of
# step with the issued report; regional learning stores its counts this way.
report_issued = Signal()
