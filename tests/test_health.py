"""The health check (/healthz, plg/health.py): 200 when the database and the shared cache
answer, 503 naming the one that does not; no login, no session and no cookie."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.urls import reverse

from plg import health


def test_healthy_without_login(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_the_check_writes_no_session_and_sets_no_cookie(client, db, carol):
    client.force_login(carol)
    sessions = Session.objects.count()

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.cookies == {}
    assert Session.objects.count() == sessions


def test_a_database_that_does_not_answer_is_503(client, db, monkeypatch):
    def refused():
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(health.connection, "cursor", refused)
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}


def test_a_cache_that_loses_what_it_stored_is_503(client, db, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key, default=None: None)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_and_head(client, db, method):
    assert getattr(client, method)(reverse("healthz")).status_code == 405


def test_https_redirect_leaves_the_health_check_alone(client, db, settings):
    """A proxy or monitor probes the app server over plain HTTP (DJANGO_SECURE=1 redirects
    every other URL to HTTPS)."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("privacy")).status_code == 301
