"""plg/prepared.py: a query compiled once gives what its queryset gives, for each call's
values, and refuses a query whose values would not reach the SQL as values."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.access import _MEMBERSHIPS
from meetings.models import Meeting
from plg.access import MEMBERSHIPS
from plg.models import Membership, Role, User
from plg.prepared import Prepared
from tests.factories import MembershipFactory, SchoolYearFactory


def _rows(memberships):
    return [(m.pk, m.team.slug, getattr(m, "nav_year_pk", None)) for m in memberships]


def test_the_same_memberships_as_the_queryset_for_each_person(team, other_team, alice, charlie):
    MembershipFactory(team=other_team, user=alice, role=Role.TEACHER)
    for user in (alice, charlie):
        prepared = MEMBERSHIPS(user=user.pk)
        assert _rows(prepared) == _rows(MEMBERSHIPS.queryset(user=user.pk))
    assert [m.team for m in MEMBERSHIPS(user=alice.pk)] == [team, other_team]
    assert [m.team for m in MEMBERSHIPS(user=charlie.pk)] == [other_team]


def test_select_related_and_annotations_come_in_the_one_query(team, alice):
    this_year = SchoolYearFactory(
        team=team, first_day=datetime.date(2026, 8, 31), last_day=datetime.date(2027, 7, 16)
    )
    next_year = SchoolYearFactory(
        team=team, first_day=datetime.date(2027, 8, 30), last_day=datetime.date(2028, 7, 14)
    )
    with CaptureQueriesContext(connection) as queries:
        (during,) = _MEMBERSHIPS(user=alice.pk, today=datetime.date(2026, 12, 1))
        (after,) = _MEMBERSHIPS(user=alice.pk, today=datetime.date(2027, 7, 30))
        assert during.team.name == team.name
    assert len(queries) == 2
    # The date is a value of each call, not of the first one compiled.
    assert during.nav_year_pk == this_year.pk
    assert after.nav_year_pk == next_year.pk
    later = datetime.date(2029, 1, 1)
    assert _rows(_MEMBERSHIPS(user=alice.pk, today=later)) == _rows(
        _MEMBERSHIPS.queryset(user=alice.pk, today=later)
    )


def test_a_former_member_is_not_found(team, carol):
    Membership.objects.filter(user=carol).update(is_active=False)
    assert MEMBERSHIPS(user=carol.pk) == []


def test_strings_values_list_and_prefetch(team, year, bob, dave):
    by_slug = Prepared(
        lambda slug: (
            Meeting.objects.filter(school_year__team__slug=slug)
            .order_by("number")
            .values_list("number", flat=True)
        ),
        slug=str,
    )
    assert by_slug(slug=team.slug) == [1, 2, 3, 4, 5, 6]
    assert by_slug(slug="another-team") == []
    with_preparers = Prepared(
        lambda number: Meeting.objects.filter(number=number).prefetch_related("preparers"),
        number=int,
    )
    Meeting.objects.get(school_year=year, number=3).preparers.set([bob, dave])
    (third,) = with_preparers(number=3)
    with CaptureQueriesContext(connection) as queries:
        assert {u.first_name for u in third.preparers.all()} == {"Bob", "Dave"}
    assert len(queries) == 0


def test_pattern_lookups_escape_the_value_as_django_does(team, alice, bob, carol):
    User.objects.filter(pk=bob.pk).update(first_name="Bo_b 50%")
    User.objects.filter(pk=carol.pk).update(first_name="Carol\\x")
    for lookup in ("icontains", "contains", "startswith", "iendswith", "iexact", "exact"):
        found = Prepared(
            lambda name, lookup=lookup: (
                User.objects.filter(**{f"first_name__{lookup}": name})
                .order_by("pk")
                .values_list("first_name", flat=True)
            ),
            name=str,
        )
        for typed in ("o", "O_B", "_", "%", "50%", "b 5", "\\", "carol\\x", "Bo_b 50%", "x%"):
            assert found(name=typed) == list(found.queryset(name=typed)), (lookup, typed)
    contains = Prepared(lambda name: User.objects.filter(first_name__contains=name), name=str)
    assert [u.first_name for u in contains(name="_")] == ["Bo_b 50%"]  # not every name


def test_wrong_or_missing_values_are_refused(alice):
    with pytest.raises(TypeError, match="user must be of type int"):
        MEMBERSHIPS(user=str(alice.pk))
    with pytest.raises(TypeError, match="user must be of type int"):
        MEMBERSHIPS(user=True)
    with pytest.raises(TypeError, match="expected the values"):
        MEMBERSHIPS()
    with pytest.raises(TypeError, match="today must be of type date"):
        _MEMBERSHIPS(user=alice.pk, today=datetime.datetime(2026, 12, 1, 12, 0))


def test_a_value_that_does_not_reach_the_sql_is_refused(db):
    ignores = Prepared(lambda user: User.objects.all(), user=int)
    with pytest.raises(ValueError, match="did not reach the SQL"):
        ignores(user=1)
    shifted = Prepared(lambda user: User.objects.filter(pk__in=[user, user + 1]), user=int)
    with pytest.raises(ValueError, match="was made from a value"):
        shifted(user=1)  # user + 1 would stay the first call's
    upper = Prepared(lambda name: User.objects.filter(first_name=name + "x"), name=str)
    with pytest.raises(ValueError, match="was made from a value"):
        upper(name="al")
    between = Prepared(
        lambda day: Meeting.objects.filter(date__gt=day + datetime.timedelta(days=1)),
        day=datetime.date,
    )
    with pytest.raises(ValueError, match="was made from a value"):
        between(day=datetime.date(2026, 12, 1))


def test_a_datetime_value(group, carol):
    from meetings.models import FirstStep
    from tests.factories import FirstStepFactory

    done = FirstStepFactory(group=group, owner=carol, what="Bellen")
    FirstStep.objects.filter(pk=done.pk).update(
        done_at=datetime.datetime(2026, 11, 20, 15, 30, 12, 345, tzinfo=datetime.UTC)
    )
    done_since = Prepared(
        lambda since: FirstStep.objects.filter(done_at__gte=since).values_list("what", flat=True),
        since=datetime.datetime,
    )
    before = datetime.datetime(2026, 11, 20, 15, 30, 12, 300, tzinfo=datetime.UTC)
    after = datetime.datetime(2026, 11, 20, 15, 30, 12, 400, tzinfo=datetime.UTC)
    assert done_since(since=before) == ["Bellen"]
    assert done_since(since=after) == []
    assert done_since(since=before) == list(done_since.queryset(since=before))


@pytest.mark.django_db(transaction=True)
def test_each_thread_uses_its_own_connection(team, alice):
    MEMBERSHIPS(user=alice.pk)  # compiled in this thread
    seen = []

    def other_thread():
        try:
            seen.append(_rows(MEMBERSHIPS(user=alice.pk)))
        finally:
            connection.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen == [_rows(MEMBERSHIPS.queryset(user=alice.pk))]
