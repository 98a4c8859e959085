"""gunicorn settings. The access log leaves out the client address and user agent on purpose."""

import os

bind = os.environ.get("RELAIS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("RELAIS_WEB_WORKERS", "2"))
# Threads per worker: a request spends most of its time waiting on the database (commit and
# fsync), so a few threads per process keep the CPU busy while others wait. gunicorn switches to
# its gthread worker when threads > 1.
threads = int(os.environ.get("RELAIS_WEB_THREADS", "4"))
accesslog = "-" if os.environ.get("RELAIS_ACCESS_LOG", "1") == "1" else None
# %(r)s is the request line without the query string's values hidden; Relais puts nothing
# personal in URLs. No %(h)s (address), no %(a)s (user agent), no %({x-forwarded-for}i)s.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = "127.0.0.1"
