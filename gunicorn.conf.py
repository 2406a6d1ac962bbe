"""gunicorn's settings for PLG Cyclus (README: "Running in production"); gunicorn reads this
file from the working directory. Each setting can be changed in the environment."""

import os

bind = os.environ.get("PLG_BIND", "127.0.0.1:8000")
#: Two or more per app server: a slow request (a large PDF) then never holds up the rest.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
#: A worker that does not answer within this many seconds is restarted.
timeout = int(os.environ.get("PLG_GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
#: Renew each worker now and then (a slow leak in a library never grows without end).
max_requests = 2000
max_requests_jitter = 200
#: The proxy in front keeps connections open; behind it, short keep-alive is enough.
keepalive = 5
accesslog = os.environ.get("PLG_ACCESS_LOG", "-")
errorlog = "-"
#: The proxy's address: trusted for X-Forwarded-Proto (with DJANGO_BEHIND_PROXY=1).
forwarded_allow_ips = os.environ.get("PLG_PROXY_IPS", "127.0.0.1,::1")
wsgi_app = "plg.wsgi:application"
