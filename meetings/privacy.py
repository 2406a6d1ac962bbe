"""Everything the app holds about one person, as data they can download (AVG art. 15 and 20).

`EXPORT` names, for every model that refers to a person, the fields through which a row is
theirs, and the columns left out of such a row because they are about someone else (the reason
another member gave for an absence the person recorded). tests/test_privacy.py fails when a
model refers to a person (a foreign key or many-to-many to the user model or a Membership) and
is missing here: a model added later has to say what of it the person gets.
"""

from __future__ import annotations

import datetime
import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.utils import timezone

from plg.models import Membership, User

#: (model label, field) -> columns left out of the rows found through that field.
EXPORT: dict[tuple[str, str], tuple[str, ...]] = {
    ("plg.Membership", "user"): (),
    ("plg.MembershipEvent", "membership"): (),
    ("plg.MembershipEvent", "by"): (),
    ("plg.AuditEntry", "actor"): (),
    # Invitations the person sent (the invitee's address and name are what they typed).
    ("plg.Invitation", "invited_by"): ("token",),
    ("admin.LogEntry", "user"): (),
    ("meetings.Theme", "proposed_by"): (),
    ("meetings.ThemeVote", "voter"): (),
    ("meetings.Meeting", "preparers"): (),
    ("meetings.Report", "published_by"): (),
    ("meetings.EvaluationResponse", "respondent"): (),
    ("meetings.EvaluationReceipt", "user"): (),
    ("meetings.MeetingRun", "group_leaders"): ("projector_token",),
    ("meetings.Attendance", "user"): (),
    # Absences the person recorded for others: the fact, not the other person's reason.
    ("meetings.Attendance", "recorded_by"): ("reason",),
    ("meetings.Case", "owner"): (),
    ("meetings.SmallGroup", "leader"): (),
    ("meetings.SmallGroup", "members"): (),
    ("meetings.GroupNote", "updated_by"): (),
    ("meetings.FirstStep", "owner"): (),
    ("meetings.Agreement", "owner"): (),
    ("meetings.AbsenceRequest", "user"): (),
    # Requests the person decided on for others: the decision, not the other's reason.
    ("meetings.AbsenceRequest", "decided_by"): ("reason",),
    ("meetings.MailOptOut", "user"): (),
    ("meetings.OutboxMessage", "person"): (),
    # The calendar feed: that it exists, not its secret address.
    ("meetings.CalendarFeed", "user"): ("token",),
    # Changes the person made to a published report (the trail).
    ("meetings.ReportRevision", "author"): (),
    # The person's own learning questions and their look back (meeting 6).
    ("meetings.LearningQuestion", "owner"): (),
}

#: Columns of the person's own account row that are not theirs to read back.
ACCOUNT_LEFT_OUT = ("password",)


def person_fields(model: type[Model]) -> list[str]:
    """The fields of `model` that point at a person: the user model or a Membership."""
    return [
        field.name
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and field.related_model in (User, Membership)
        and (field.many_to_one or field.many_to_many or field.one_to_one)
    ]


def _rows(queryset: QuerySet, left_out: tuple[str, ...]) -> list[dict]:
    columns = [f.attname for f in queryset.model._meta.concrete_fields if f.attname not in left_out]
    return list(queryset.order_by("pk").values(*columns))


def export_for(user: User) -> dict:
    """Every row that refers to `user`, per model and per field."""
    data: dict[str, dict[str, list[dict]]] = {}
    for (label, field_name), left_out in EXPORT.items():
        model = apps.get_model(label)
        field = model._meta.get_field(field_name)
        lookup = f"{field_name}__user" if field.related_model is Membership else field_name
        rows = _rows(model._default_manager.filter(**{lookup: user}).distinct(), left_out)
        data.setdefault(label, {})[field_name] = rows
    account = _rows(User.objects.filter(pk=user.pk), ACCOUNT_LEFT_OUT)
    return {
        "exported_at": timezone.now(),
        "account": account[0] if account else None,
        "data": data,
    }


def export_json(user: User) -> bytes:
    return json.dumps(
        export_for(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    ).encode()


def export_filename(user: User, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"plg-cyclus-mijn-gegevens-{today:%Y-%m-%d}.json"
