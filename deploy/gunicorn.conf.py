"""gunicorn for Ориентир on a 2-core server (README, «Production»).

Pages are short CPU-bound requests against the database, so a few processes with a couple of
threads each keep both cores busy without queueing on one slow page; long documents (the
region workbook, the methodological collection) are built by `orientir worker`, not here,
so no request needs long. Every value can be overridden from the environment
(GUNICORN_CMD_ARGS), e.g. `--workers 9` on a larger machine.
"""

import multiprocessing
import os

bind = os.environ.get("ORIENTIR_BIND", "127.0.0.1:8000")
# 2 × cores + 1 is gunicorn's rule for synchronous workers; with 2 threads each, 2 × cores
# processes give the same concurrency with less memory (about 120 MB a process).
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = 2
worker_class = "gthread"
# A plan's PDF (LibreOffice) is the slowest request: a few seconds for 300 activities.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Restart a process now and then so that memory held by one large page is given back.
max_requests = 2000
max_requests_jitter = 200
# Behind nginx on the same machine: trust its X-Forwarded-* only from loopback.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
wsgi_app = "orientir.wsgi:application"
