"""The audit log, written from one place.

`record(request, action, obj)` notes who did what with which object, in which team, when and
from which network: metadata only, never a text. Callers: the request helpers in
meetings/access.py (reading a case or a report), the views after a service changed or deleted
one, the PDF views (exports), the login signals below and `RefusedAccessMiddleware`
(a 403 or 404 on a team's URL).

IP addresses are truncated (IPv4 to /24, IPv6 to /48): enough to tell the school's network
from elsewhere, not to point at one device.
"""

from __future__ import annotations

import functools
import ipaddress

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Model
from django.dispatch import receiver
from django.http import Http404, HttpRequest
from django.utils import timezone

from plg.models import AuditEntry, Team, User

Action = AuditEntry.Action


def truncated_ip(request: HttpRequest | None) -> str:
    address = (request.META.get("REMOTE_ADDR", "") if request is not None else "") or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _team_of(obj: Model | None) -> int | None:
    for path in ("team_id", "meeting.school_year.team_id", "school_year.team_id"):
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if value is not None:
            return value
    return None


def record(
    request: HttpRequest | None,
    action: str,
    obj: Model | None = None,
    *,
    team: Team | int | None = None,
    actor: User | None = None,
    status: int | None = None,
    object_type: str = "",
    object_id: int | None = None,
) -> None:
    """Write one audit entry (one INSERT)."""
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    team_id = team.pk if isinstance(team, Team) else team
    if team_id is None and obj is not None:
        team_id = _team_of(obj)
    _insert(
        at=timezone.now(),
        actor=actor.pk if actor is not None else None,
        team=team_id,
        action=action,
        object_type=obj._meta.model_name if obj is not None else object_type[:40],
        object_id=obj.pk if obj is not None else object_id,
        status=status,
        ip=truncated_ip(request),
    )


#: An entry's columns, in the order of _insert's SQL.
_COLUMNS = ("at", "actor", "team", "action", "object_type", "object_id", "status", "ip")


@functools.cache
def _insert_sql(vendor: str) -> str:
    opts = AuditEntry._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(name).column) for name in _COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    return f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES ({marks})"


def _insert(**values) -> None:
    """The INSERT of AuditEntry.objects.create, written once: a download of a stored PDF
    is a session, a user, one lookup and this, and the ORM took longer to build the INSERT
    than the database to run it. Each value goes through its field's own preparation."""
    opts = AuditEntry._meta
    params = [opts.get_field(name).get_db_prep_save(values[name], connection) for name in _COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(connection.vendor), params)


def record_read(request: HttpRequest, obj: Model) -> None:
    """A page that shows the object's texts: a read when it is a GET (a POST that changes
    the object records its change where the change is made)."""
    if request.method in ("GET", "HEAD"):
        record(request, Action.READ, obj)


def record_reads(request: HttpRequest, objects: list[Model]) -> None:
    """A page that shows the texts of several objects (the preparers' list of a meeting's
    cases): one read each, in one INSERT."""
    if request.method not in ("GET", "HEAD") or not objects:
        return
    actor = request.user if request.user.is_authenticated else None
    ip = truncated_ip(request)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor,
            team_id=_team_of(obj),
            action=Action.READ,
            object_type=obj._meta.model_name,
            object_id=obj.pk,
            ip=ip,
        )
        for obj in objects
    )


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs) -> None:
    record(request, Action.LOGIN, actor=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    # The account tried, when it exists (the typed name itself is not kept: people type
    # their password into the wrong field).
    email = str(credentials.get("username") or credentials.get("email") or "")
    actor = None
    if email and len(email) <= 254:
        actor = User.objects.filter(email__iexact=email).first()
    record(request, Action.LOGIN_FAILED, actor=actor)


class RefusedAccessMiddleware:
    """A 403 or 404 raised on a team's URL (`/t/<team>/…`) is logged for that team: someone
    tried a page or an object that is not theirs."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if not isinstance(exception, (Http404, PermissionDenied)):
            return None
        match = getattr(request, "resolver_match", None)
        slug = match.kwargs.get("team_slug") if match else None
        if not slug or not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        team_id = Team.objects.filter(slug=slug).values_list("pk", flat=True).first()
        status = 403 if isinstance(exception, PermissionDenied) else 404
        pk = match.kwargs.get("pk")
        record(
            request,
            Action.REFUSED,
            team=team_id,
            status=status,
            object_type=match.url_name or "",
            object_id=pk if isinstance(pk, int) and 0 <= pk < 2**63 else None,
        )
        return None
