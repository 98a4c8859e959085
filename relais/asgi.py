"""The ASGI application that `make run` serves (relais/gunicorn_conf.py): Django's, with the
request body kept encrypted while it arrives and a bound on the time a client may take to send
it (relais.lib.request_time)."""

import os

import django

from relais.lib.env import private_umask

private_umask()  # before Django opens the database or writes anything
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
django.setup(set_prefix=False)  # as django.core.asgi.get_asgi_application does

from relais.lib.request_time import BoundedBody, BufferingHandler  # noqa: E402 - after setup

application = BoundedBody(BufferingHandler())
