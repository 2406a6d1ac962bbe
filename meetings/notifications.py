"""E-mail through the outbox: queue a message now, send it later in the background.

To send a mail when something happens in a request, call `queue` (or `queue_many`) inside the
transaction that makes the change: the message is a row in the outbox, committed with the
change or not at all, and the web request never talks to a mail server. After the commit the
background task meetings.tasks.send_outbox sends it; `manage.py send_mail` (cron) queues the
reminders and sends whatever is still waiting.

    queue(
        person, MailKind.ABSENCE_DECISION, key=f"absence-{absence.pk}-{decision}",
        subject=_("…"), template="absence_decision",
        context={"meeting": "…", "decision": "…", "url": absolute_url(…)},
    )

`template` names templates/meetings/email/<template>.txt and .html; `context` is JSON
(strings: format dates when queuing). Every mail gets the person's first name (`name`),
the unsubscribe link for its kind and the link to the preferences page in its footer.

`send_pending` sends the outbox: it takes a batch of waiting rows (select_for_update with
skip_locked, so two runs never take the same row), holds them for LEASE, and marks each row
sent right after its message went out. A run that stops halfway leaves the rest waiting for
the next run; nothing sent is sent again.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise

from meetings.models import MailKind, MailOptOut, OutboxMessage
from plg.models import User
from plg.tasks import enqueue_on_commit

log = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=10)
BATCH_SIZE = 200
#: After this many failed attempts a message is left alone (it stays in the outbox, waiting,
#: with its error, for an administrator to look at).
MAX_ATTEMPTS = 5
UNSUBSCRIBE_SALT = "meetings.mail.unsubscribe"


@dataclass
class Mail:
    person: User
    kind: str
    key: str
    subject: str
    template: str
    context: dict = field(default_factory=dict)
    attachments: list[dict] = field(default_factory=list)


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


# --- preferences and the unsubscribe link ------------------------------------------------------


def opted_out(user_ids: Iterable[int], kinds: Iterable[str] | None = None) -> set[tuple[int, str]]:
    """(person, kind) pairs that are turned off, in one query."""
    rows = MailOptOut.objects.filter(user__in=list(user_ids))
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    return set(rows.values_list("user", "kind"))


def wanted_kinds(user: User) -> set[str]:
    off = set(MailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return {kind for kind in MailKind.values if kind not in off}


@transaction.atomic
def set_wanted_kinds(user: User, kinds: Iterable[str]) -> None:
    wanted = set(kinds) & set(MailKind.values)
    MailOptOut.objects.filter(user=user, kind__in=wanted).delete()
    MailOptOut.objects.bulk_create(
        [MailOptOut(user=user, kind=k) for k in MailKind.values if k not in wanted],
        ignore_conflicts=True,
    )


def turn_off(user: User, kind: str) -> None:
    MailOptOut.objects.get_or_create(user=user, kind=kind)


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A signed token for one person and one kind of mail (no expiry: old mails keep working)."""
    return signing.dumps([user_id, kind], salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(person id, kind) of a token; raises signing.BadSignature for a bad or tampered one."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or value[1] not in MailKind.values
    ):
        raise signing.BadSignature("Not an unsubscribe token.")
    return value[0], value[1]


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute_url(reverse("mail_unsubscribe", args=[unsubscribe_token(user_id, kind)]))


# --- queueing ----------------------------------------------------------------------------------


def _text(value) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(value)


def _json(value):
    """Lazy strings as Dutch text; JSON values (str, bool, numbers, None) as they are."""
    return _text(value) if isinstance(value, Promise) else value


def queue_many(mails: Iterable[Mail]) -> int:
    """Put messages in the outbox (call it inside the transaction of the change). A message
    already queued for the same (person, kind, key) and a kind the person turned off are
    left out. Three queries however many messages; returns how many were new."""
    mails = list(mails)
    if not mails:
        return 0
    off = opted_out({m.person.pk for m in mails}, {m.kind for m in mails})
    keys = {(m.person.pk, m.kind, m.key) for m in mails}
    existing = set(
        OutboxMessage.objects.filter(
            person__in={k[0] for k in keys},
            kind__in={k[1] for k in keys},
            key__in={k[2] for k in keys},
        ).values_list("person", "kind", "key")
    )
    rows, seen = [], set()
    for m in mails:
        ident = (m.person.pk, m.kind, m.key)
        if (m.person.pk, m.kind) in off or ident in existing or ident in seen:
            continue
        seen.add(ident)
        rows.append(
            OutboxMessage(
                person=m.person,
                kind=m.kind,
                key=m.key,
                subject=_text(m.subject)[:255],
                template=m.template,
                context={k: _json(v) for k, v in m.context.items()},
                attachments=m.attachments,
            )
        )
    # ignore_conflicts: a run queueing the same message at the same moment loses quietly.
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        enqueue_on_commit("meetings.tasks.send_outbox")
    return len(rows)


def queue(
    person: User,
    kind: str,
    key: str,
    subject: str,
    template: str,
    context: dict | None = None,
    attachments: list[dict] | None = None,
) -> bool:
    """Queue one message; False when it was queued before or the person turned it off."""
    mail = Mail(person, kind, key, subject, template, context or {}, attachments or [])
    return queue_many([mail]) == 1


# --- sending -----------------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    error: Exception | None = None


def _claim(now: datetime.datetime, batch_size: int) -> list[OutboxMessage]:
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("person")
            .filter(status=OutboxMessage.Status.PENDING, attempts__lt=MAX_ATTEMPTS)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("created_at", "pk")[:batch_size]
        )
        if rows:
            OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).update(
                claimed_until=now + LEASE
            )
    return rows


def build_message(row: OutboxMessage, connection=None) -> EmailMultiAlternatives:
    """The multi-part message (plain text and HTML, in Dutch) with its attachments."""
    person = row.person
    unsubscribe = unsubscribe_url(person.pk, row.kind)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **row.context,
            "name": person.first_name or person.get_full_name() or person.email,
            "kind_label": MailKind(row.kind).label,
            "unsubscribe_url": unsubscribe,
            "preferences_url": absolute_url(reverse("mail_preferences")),
            "subject": row.subject,
        }
        text = render_to_string(f"meetings/email/{row.template}.txt", context)
        html = render_to_string(f"meetings/email/{row.template}.html", context)
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=text,
        to=[person.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    for attachment in row.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def send_pending(
    *, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE
) -> SendResult:
    """Send every waiting message once. Stops at the first failure (the failed message and
    the rest of the batch wait for the next run) and returns what it did."""
    now = now or timezone.now()
    result = SendResult()
    connection = get_connection()
    try:
        while rows := _claim(now, batch_size):
            off = opted_out({r.person_id for r in rows}, {r.kind for r in rows})
            skipped = [r.pk for r in rows if (r.person_id, r.kind) in off]
            if skipped:
                OutboxMessage.objects.filter(pk__in=skipped).update(
                    status=OutboxMessage.Status.SKIPPED, claimed_until=None
                )
                result.skipped += len(skipped)
            todo = [r for r in rows if r.pk not in set(skipped)]
            for index, row in enumerate(todo):
                try:
                    build_message(row, connection).send()
                except Exception as error:  # the mail server, a template: try again later
                    log.exception("Sending outbox message %s failed", row.pk)
                    OutboxMessage.objects.filter(pk=row.pk).update(
                        attempts=F("attempts") + 1,
                        last_error=repr(error)[:2000],
                        claimed_until=None,
                    )
                    OutboxMessage.objects.filter(pk__in=[r.pk for r in todo[index + 1 :]]).update(
                        claimed_until=None
                    )
                    result.failed += 1
                    result.error = error
                    return result
                # Marked right after it went out, committed on its own: a crash after this
                # point never sends it again.
                OutboxMessage.objects.filter(pk=row.pk).update(
                    status=OutboxMessage.Status.SENT,
                    sent_at=timezone.now(),
                    claimed_until=None,
                    attempts=F("attempts") + 1,
                )
                result.sent += 1
    finally:
        connection.close()
    return result
