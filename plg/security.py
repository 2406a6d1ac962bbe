"""Accounts and the browser: what django-axes needs to know about a login attempt, and the
rule that pages with personal data are never kept in a browser's or proxy's cache
(README: "Security and privacy")."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

# A user name longer than an e-mail address can be is junk; django-axes stores at most 255.
USERNAME_MAX = 254


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """The user name a login attempt counts against: the e-mail address as typed, in lower
    case (logging in ignores case, so `ALICE@school.nl` and `alice@school.nl` share one
    counter), cut at an e-mail address's maximum length."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field) or request.POST.get(field, "")
    return str(value).strip().lower()[:USERNAME_MAX]


def client_ip(request: HttpRequest) -> str:
    """The client's IP address. Behind the reverse proxy (DJANGO_BEHIND_PROXY=1) that is the
    last address in X-Forwarded-For, the one the proxy itself added; earlier ones come from
    the client and can be anything. Without a proxy it is the connection's address."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops and _is_ip(hops[-1]):
            address = hops[-1]
    return address if _is_ip(address) else ""


def _is_ip(text: str) -> bool:
    # django-axes stores the address in a GenericIPAddressField (inet on PostgreSQL).
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page and PDF the app makes, so names, absences and
    case texts are not kept in the browser's cache (where the next person at a shared school
    computer finds them with the back button) or in a proxy's. Static files are served by
    WhiteNoise before this middleware and keep their long cache."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            add_never_cache_headers(response)
        return response


def locked_out(request: HttpRequest, credentials: dict | None, *args, **kwargs) -> HttpResponse:
    """django-axes' answer to a locked (user name, IP address) pair: a Dutch page that says
    how long to wait, status 429, on the app's login page and the admin's alike."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=429,
    )
