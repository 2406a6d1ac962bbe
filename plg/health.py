"""The health check for a load balancer, a proxy or monitoring: `/healthz` answers 200 when
the database and the shared cache answer, else 503 with what failed. No login, no session,
no cookie, no row written; it names no person, team or setting."""

from __future__ import annotations

import logging
import secrets

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 gave another answer")


def _cache() -> None:
    key, token = "plg-health", secrets.token_hex(8)
    cache.set(key, token, 30)
    if cache.get(key) != token:
        raise RuntimeError("the cache did not give back what was stored")


CHECKS = {"database": _database, "cache": _cache}


@login_not_required
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure is a 503, logged with its cause
            log.exception("Health check: the %s does not answer", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503
    )
