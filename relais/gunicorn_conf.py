"""gunicorn settings. No log line names a client: the access log leaves out the address and user
agent, and the error log goes through a logger that blanks every IP address in its messages."""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import traceback
from typing import Any

from gunicorn.glogging import Logger

from relais.lib.env import PRIVATE_UMASK, private_umask

# The master sets it before forking the workers, which inherit it; gunicorn's own files (its
# workers' heartbeat files, a unix socket) follow its `umask` setting.
private_umask()
umask = PRIVATE_UMASK

bind = os.environ.get("RELAIS_BIND", "127.0.0.1:8000")
# gunicorn's asyncio worker serving Django's ASGI application (relais/asgi.py): the worker reads
# every connection on its event loop and Django buffers the whole body before a view runs, so a
# slow or stalled client holds a buffer, never the process that runs views (a sync worker is
# held by each connection until its body has arrived: four slow uploads took the site down).
# relais.lib.request_time bounds the time a body may take. Views still run one at a time per
# worker, in one thread (Django's thread-sensitive sync_to_async), like the sync workers before.
wsgi_app = "relais.asgi:application"
worker_class = "asgi"
asgi_lifespan = "off"  # Django has no lifespan events; "auto" would log that at every start
# Between two pieces of a body, a client may be silent this long (and the asyncio worker's
# heartbeat: a worker whose event loop is blocked this long is replaced). nginx's default
# client_body_timeout.
timeout = 60
# gunicorn 27 would open a control socket at ~/.gunicorn/gunicorn.ctl, one path shared by every
# instance on the machine (each start takes it over, each stop removes it); Relais does not use it.
control_socket_disable = True
workers = int(os.environ.get("RELAIS_WEB_WORKERS", "2"))
# Threads per worker: the sync and gthread workers only (bench/proofs.py serves WSGI factories
# with `-k sync`). Measured with bench/proofs.py --http-only on the 2-core machine, where
# PostgreSQL shares the cores: 2 threads gave 70% of the log-off rate where 1 thread gave 74% in
# the same hour, and earlier 4 and 8 threads did worse still. Requests are CPU-bound here; add
# workers (one per core) rather than threads.
threads = int(os.environ.get("RELAIS_WEB_THREADS", "1"))
accesslog = "-" if os.environ.get("RELAIS_ACCESS_LOG", "1") == "1" else None
# %(r)s is the request line without the query string's values hidden; Relais puts nothing
# personal in URLs. No %(h)s (address), no %(a)s (user agent), no %({x-forwarded-for}i)s.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = "127.0.0.1"

HIDDEN = "[address]"
# Anything that could be an IPv4 or IPv6 address; ipaddress decides (a time of day such as
# 20:12:35 is not one, and stays).
_CANDIDATE = re.compile(r"(?<![\w:.])[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*(?![\w:])")


def without_addresses(text: str, keep: frozenset[str] = frozenset()) -> str:
    """`text` with every IPv4 and IPv6 address but those in `keep` replaced by "[address]"."""

    def hide(match: re.Match[str]) -> str:
        found = match.group(0)
        core = found.rstrip(".:")  # the end of a sentence, or "ip=1.2.3.4:" before the error
        try:
            ipaddress.ip_address(core)
        except ValueError:
            return found
        return found if core in keep else HIDDEN + found[len(core) :]

    return _CANDIDATE.sub(hide, text)


class AddressFilter(logging.Filter):
    """Blanks IP addresses in a record's message and traceback, before any handler sees it.

    gunicorn writes the client's address itself in some error lines ("Invalid request from
    ip=..."), before Relais can erase it (relais.lib.middleware.ForgetClientMiddleware does
    for everything Django handles). The addresses the server listens on are kept.
    """

    def __init__(self, keep: frozenset[str]) -> None:
        super().__init__()
        self.keep = keep

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = without_addresses(record.getMessage(), self.keep)
        record.args = None
        if record.exc_info:
            lines = traceback.format_exception(*record.exc_info)
            record.exc_text = without_addresses("".join(lines).rstrip("\n"), self.keep)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = without_addresses(record.stack_info, self.keep)
        return True


def _bound_hosts(cfg: Any) -> frozenset[str]:
    hosts = set()
    for address in cfg.bind or []:
        host = str(address).removeprefix("unix:").rsplit(":", 1)[0].strip("[]")
        hosts.add(host)
    return frozenset(hosts)


class AddressFreeLogger(Logger):
    """gunicorn's logger (setting ``logger_class``) with AddressFilter on both of its logs."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for old in [f for f in log.filters if isinstance(f, AddressFilter)]:
                log.removeFilter(old)  # a configuration reload runs setup again
            log.addFilter(AddressFilter(_bound_hosts(cfg)))


logger_class = AddressFreeLogger


def post_worker_init(worker: Any) -> None:
    """Start loading the French name recogniser as soon as a worker starts, in a thread.

    Loaded on first use instead, it made the first notice page of each worker wait for it (about
    5 s of CPU, 40 s on a loaded machine, long enough for a browser to give up); in a thread the
    worker serves meanwhile, and a notice page that comes early waits only for what is left.
    """
    import threading

    from relais.notices.ner import pipeline

    threading.Thread(target=pipeline, name="ner-preload", daemon=True).start()
