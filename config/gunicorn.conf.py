"""gunicorn's settings for the production server (`make serve`).

Every value can be changed from the environment without editing this file:
GUNICORN_BIND, WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT,
GUNICORN_FORWARDED_ALLOW_IPS, GUNICORN_LOG_LEVEL, GUNICORN_MAX_REQUESTS, GUNICORN_CONTROL_SOCKET (and
GUNICORN_CMD_ARGS for anything else).

- Workers: two per core plus one, gunicorn's own advice; pages are CPU work
  (redlines) with short database reads in between, so each worker also
  runs a couple of threads, which keeps slow clients and keep-alive
  connections from holding a whole worker.
- Timeouts: a reader's page takes well under a second; 60 s leaves room for
  the largest upload an admin may send (RESOLUTIONS_UPLOAD_MAX_BYTES) to be
  read and matched. A worker is recycled after about twenty thousand
  requests, so that no slow leak can grow for weeks: a new worker costs
  about a second of CPU (Django's start and the build hash), which after
  every thousand requests, at the rate pages are served from cache, was
  most of what the server did (`GUNICORN_MAX_REQUESTS=0`: never).
- Logs: the access log and errors go to stdout/stderr, for the service
  manager or the container runtime to keep.
- Graceful reload: `kill -HUP <master pid>` starts new workers on the new
  code and lets the old ones finish their requests (up to graceful_timeout).
  The application is therefore not preloaded in the master.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
preload_app = False

# gunicorn's control socket has one default path per user, which two
# servers on one machine would fight over; HUP and TERM do what it offers.
# GUNICORN_CONTROL_SOCKET=/path turns it on for `gunicornc`.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client as the proxy saw it comes first, then gunicorn's peer.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# Only the proxy may tell gunicorn the original scheme and client.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
