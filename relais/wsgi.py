"""The WSGI application (gunicorn_conf.py sets the same umask for the server's own files)."""

import os

from django.core.wsgi import get_wsgi_application

from relais.lib.env import private_umask

private_umask()  # before Django opens the database or writes anything
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
application = get_wsgi_application()
