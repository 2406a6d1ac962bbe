"""Anonymising a person who left (AVG: the right to be forgotten, with the team's history kept).

The team leader anonymises a former member: their account keeps its id, so attendance counts,
hours, groups and the texts they wrote stay in the team's history, but their name and e-mail
address are gone everywhere: the account becomes "Voormalig teamlid N" with an unusable
address and password, and every text column of every model (agreements' "who", the admin's
log, notes, …) has the old name and address replaced. Only a person with no active membership
in any team may be anonymised, and never a site administrator.
"""

from __future__ import annotations

import re
import secrets

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from plg.models import Membership, User
from plg.signals import person_anonymised

#: The stored name of an anonymised person (data, not UI: stays Dutch in every language).
FORMER_MEMBER = "Voormalig teamlid"
PLACEHOLDER_DOMAIN = "anoniem.invalid"


class CannotAnonymise(Exception):
    pass


def is_anonymised(user: User) -> bool:
    return user.email.endswith("@" + PLACEHOLDER_DOMAIN)


def may_anonymise(member: Membership, *, active_elsewhere: bool | None = None) -> bool:
    """A former member who is active in no team and administers nothing. `active_elsewhere`:
    whether the person is active in some team, when the caller knows it already."""
    user = member.user
    if active_elsewhere is None:
        active_elsewhere = Membership.objects.filter(user=user, is_active=True).exists()
    return (
        not member.is_active
        and not user.is_staff
        and not user.is_superuser
        and not is_anonymised(user)
        and not active_elsewhere
    )


def with_active_anywhere(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """Annotate whether each membership's person is active in some team (no extra query)."""
    active = Membership.objects.filter(user=OuterRef("user"), is_active=True)
    return memberships.annotate(active_anywhere=Exists(active))


def anonymisable_ids(memberships) -> set[int]:
    """Of a team's memberships annotated by `with_active_anywhere`, those the team leader
    may anonymise."""
    return {
        m.pk
        for m in memberships
        if not m.is_active and may_anonymise(m, active_elsewhere=m.active_anywhere)
    }


def _needles(user: User) -> list[str]:
    """The strings that identify the person: longest first, so a full name goes before
    its parts would."""
    names = {user.get_full_name().strip(), user.email}
    if user.first_name and user.last_name:
        names.add(f"{user.last_name}, {user.first_name}")
    return sorted((n for n in names if len(n) >= 3), key=len, reverse=True)


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField)) and not f.primary_key
    ]


def replace_everywhere(needles: list[str], replacement: str) -> int:
    """Replace every occurrence (any case) of `needles` in every text column of the database;
    returns the number of rows changed."""
    changed = 0
    if not needles:
        return 0
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy or model is Session:
            continue
        manager = model._base_manager
        for field in _text_fields(model):
            matches = models.Q()
            for needle in needles:
                matches |= models.Q(**{f"{field.name}__icontains": needle})
            for pk, value in manager.filter(matches).values_list("pk", field.attname):
                new = pattern.sub(replacement, value)
                if field.max_length:
                    new = new[: field.max_length]
                manager.filter(pk=pk).update(**{field.attname: new})
                changed += 1
    return changed


@transaction.atomic
def anonymise(member: Membership) -> User:
    """Anonymise the former member's person everywhere. Raises CannotAnonymise when
    `may_anonymise` says no."""
    if not may_anonymise(member):
        raise CannotAnonymise(_("Only a former member who is active in no team can be anonymised."))
    user = User.objects.select_for_update().get(pk=member.user_id)
    needles = _needles(user)
    label = f"{FORMER_MEMBER} {user.pk}"
    user.first_name = FORMER_MEMBER
    user.last_name = str(user.pk)
    user.email = f"voormalig-{user.pk}-{secrets.token_hex(6)}@{PLACEHOLDER_DOMAIN}"
    user.set_unusable_password()  # also ends every session (the session hash changes)
    user.is_active = False
    user.save()
    replace_everywhere(needles, label)
    person_anonymised.send(sender=User, user=user)
    return user
