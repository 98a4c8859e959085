"""gunicorn settings. The access log leaves out the client address and user agent on purpose."""

import os

bind = os.environ.get("RELAIS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("RELAIS_WEB_WORKERS", "2"))
# Threads per worker (gunicorn's gthread worker when > 1). Measured with bench/proofs.py
# --http-only on the 2-core machine, where PostgreSQL shares the cores: 2 threads gave 70% of the
# log-off rate where 1 thread gave 74% in the same hour, and earlier 4 and 8 threads did worse
# still. Requests are CPU-bound here; add workers (one per core) rather than threads.
threads = int(os.environ.get("RELAIS_WEB_THREADS", "1"))
accesslog = "-" if os.environ.get("RELAIS_ACCESS_LOG", "1") == "1" else None
# %(r)s is the request line without the query string's values hidden; Relais puts nothing
# personal in URLs. No %(h)s (address), no %(a)s (user agent), no %({x-forwarded-for}i)s.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = "127.0.0.1"
