"""WSGI entry point: `gunicorn auditportal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auditportal.settings")
application = get_wsgi_application()
