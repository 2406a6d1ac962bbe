"""Tests for meetings.yeargrouping and compose_groups/adjust_groups with a year plan
(pure Python, no database)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings import grouping
from meetings.grouping import compose_groups, repeated_pairs
from meetings.yeargrouping import colleagues_met, plan_year, year_lower_bound, year_total
from tests.test_grouping import affine_plane_of_order_four, independent_cost

property_settings = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SMALL_BUDGET = 20_000


def independent_year_total(meetings):
    """Each meeting against the earlier ones, with the test's own cost function."""
    return sum(independent_cost(groups, meetings[:t]) for t, groups in enumerate(meetings))


def assert_valid_meeting(groups, participants, leaders):
    assert [group[0] for group in groups] == list(leaders)
    placed = [pid for group in groups for pid in group[1:]]
    assert sorted(placed) == sorted(participants)
    assert not set(placed) & set(leaders)
    sizes = [len(group) for group in groups]
    assert max(sizes) - min(sizes) <= 1


def all_meetings(participants, leaders):
    """Every valid division of a tiny team (sizes differ by at most one)."""
    k = len(leaders)
    q, r = divmod(len(participants) + k, k)
    found = []
    for assignment in itertools.product(range(k), repeat=len(participants)):
        groups = [[leader] for leader in leaders]
        for pid, g in zip(participants, assignment, strict=True):
            groups[g].append(pid)
        sizes = [len(group) for group in groups]
        if all(size in (q, q + 1) for size in sizes) and sizes.count(q + 1) == r:
            found.append(groups)
    return found


def brute_force_year(participants, leaders, meetings):
    """Least year total over every plan, by enumeration (the first meeting is fixed: the
    people can be renamed so that it is any given division)."""
    options = all_meetings(participants, leaders)
    best = None
    for rest in itertools.product(options, repeat=meetings - 1):
        value = independent_year_total([options[0], *rest])
        best = value if best is None else min(best, value)
    return best


# ---------------------------------------------------------------------- the lower bound


def test_year_total_counts_every_meeting_against_the_earlier_ones():
    meetings = [[[1, 2, 3], [4, 5]], [[1, 2, 4], [3, 5]], [[1, 2, 5], [3, 4]]]
    # pair 1-2 meets three times: 0 + 1 + 2; 3-5 and 4-5 ... once each
    assert year_total(meetings) == independent_year_total(meetings) == 3


def test_bound_twenty_people_four_leaders_is_forty_not_sixteen():
    # Pairs alone allow 16: 200 pairs needed, 184 available (leaders never meet). But for
    # every two meetings the 16 participants fill only 12 cells off the diagonal, so 4
    # share a cell with someone: 10 pairs of meetings x 4 = 40.
    assert grouping_pair_bound(20, 4, 5) == 16
    assert year_lower_bound(20, 4, 5) == 40


def test_bound_forty_people_six_leaders_is_forty_not_zero():
    # 765 pairs available for 570 needed, but 34 participants in 30 cells off the
    # diagonal: 4 per two meetings.
    assert grouping_pair_bound(40, 6, 5) == 0
    assert year_lower_bound(40, 6, 5) == 40


def grouping_pair_bound(people, leaders, meetings):
    from meetings.yeargrouping import _pair_bound

    return _pair_bound(people, leaders, meetings)


def test_bound_sixty_eight_people_ten_leaders_is_zero():
    assert year_lower_bound(68, 10, 5) == 0


def test_bound_one_meeting_or_only_leaders_is_zero():
    assert year_lower_bound(20, 4, 1) == 0
    assert year_lower_bound(4, 4, 5) == 0


def test_bound_refuses_no_leaders():
    with pytest.raises(ValueError):
        year_lower_bound(10, 0, 5)


@pytest.mark.parametrize(
    ("people", "leaders", "meetings"),
    [(5, 2, 3), (6, 2, 3), (6, 3, 4), (7, 2, 3), (7, 3, 3), (8, 2, 2), (6, 1, 3)],
)
def test_bound_and_plan_against_brute_force_on_tiny_teams(people, leaders, meetings):
    leader_ids = list(range(1, leaders + 1))
    participant_ids = list(range(leaders + 1, people + 1))
    exact = brute_force_year(participant_ids, leader_ids, meetings)
    assert year_lower_bound(people, leaders, meetings) <= exact
    plan = plan_year(participant_ids, leader_ids, meetings)
    assert independent_year_total(plan) == exact


@property_settings
@given(
    people=st.integers(2, 30),
    data=st.data(),
    meetings=st.integers(2, 5),
)
def test_bound_never_exceeds_a_plan(people, data, meetings):
    leaders = data.draw(st.integers(1, people))
    leader_ids = list(range(leaders))
    participant_ids = list(range(leaders, people))
    order = data.draw(st.permutations(participant_ids))
    # a plan that shifts the participants round the groups: valid, usually poor
    plan = []
    for t in range(meetings):
        shifted = order[t:] + order[:t]
        groups = [[leader] for leader in leader_ids]
        for pos, pid in enumerate(shifted):
            groups[(pos + t) % leaders].append(pid)
        plan.append(groups)
    assert year_lower_bound(people, leaders, meetings) <= year_total(plan)


# ------------------------------------------------------------------------------ the plan


@st.composite
def years(draw, max_people=24):
    n = draw(st.integers(1, max_people))
    ids = draw(st.lists(st.integers(1, 300), min_size=n, max_size=n, unique=True))
    k = draw(st.integers(1, min(n, 6)))
    leaders, participants = ids[:k], ids[k:]
    history = []
    for _ in range(draw(st.integers(0, 2))):
        people = draw(st.permutations([*ids, 301, 302]))
        parts = draw(st.integers(1, 4))
        history.append([people[i::parts] for i in range(parts)])
    meetings = draw(st.integers(0, 5))
    seed = draw(st.integers(0, 2**32))
    return participants, leaders, meetings, history, seed


@property_settings
@given(years())
def test_plan_is_valid_every_meeting(year):
    participants, leaders, meetings, history, seed = year
    plan = plan_year(
        participants, leaders, meetings, history=history, seed=seed, max_evals=SMALL_BUDGET
    )
    assert len(plan) == meetings
    for groups in plan:
        assert_valid_meeting(groups, participants, leaders)
        for group in groups:
            assert group[1:] == sorted(group[1:])


@property_settings
@given(years(max_people=16))
def test_plan_is_deterministic(year):
    participants, leaders, meetings, history, seed = year
    first = plan_year(participants, leaders, meetings, history=history, seed=seed, max_evals=5000)
    again = plan_year(
        list(reversed(participants)), leaders, meetings, history=history, seed=seed, max_evals=5000
    )
    assert first == again


def test_plan_twenty_people_four_leaders_reaches_the_bound():
    leaders = [1, 2, 3, 4]
    participants = list(range(5, 21))
    plan = plan_year(participants, leaders, 5)
    assert independent_year_total(plan) == year_lower_bound(20, 4, 5) == 40


def test_plan_sixty_eight_people_ten_leaders_repeats_no_pair():
    plan = plan_year(list(range(11, 69)), list(range(1, 11)), 5)
    assert year_total(plan) == 0
    assert year_lower_bound(68, 10, 5) == 0


def test_plan_of_sixty_people_in_eight_groups_repeats_no_pair():
    """Meeting by meeting, 60 people in 8 groups repeat pairs (17 over five meetings);
    the year plan puts them on the plane of order 8: nobody meets anyone twice."""
    leaders, participants = list(range(1, 9)), list(range(9, 61))
    done = []
    for _ in range(5):  # as the preparation page composed before the year plan
        done.append(compose_groups(participants, leaders, history=done))

    plan = plan_year(participants, leaders, 5)

    for groups in plan:
        assert_valid_meeting(groups, participants, leaders)
    assert independent_year_total(plan) == 0 < year_total(done)


@pytest.mark.parametrize("groups", [2, 3, 4, 5, 7, 8, 9])
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_plan_repeats_no_pair_when_the_groups_are_a_prime_power(groups, seed):
    """With k groups, k a prime power, at most k * k people and at most k meetings,
    nobody shares a group with anyone twice (the finite plane of order k), whatever the
    team's size in that range."""
    leaders = list(range(1, groups + 1))
    for people in sorted({groups + 1, groups * (groups - 1) + 1, groups * groups - 1, groups**2}):
        participants = list(range(groups + 1, people + 1))
        for meetings in sorted({2, groups}):
            plan = plan_year(participants, leaders, meetings, seed=seed)
            assert len(plan) == meetings
            for meeting in plan:
                assert_valid_meeting(meeting, participants, leaders)
            assert independent_year_total(plan) == 0, (people, meetings)


def test_a_seed_gives_another_plan_without_repeats():
    leaders, participants = list(range(1, 8)), list(range(8, 50))
    first = plan_year(participants, leaders, 6, seed=0)
    other = plan_year(participants, leaders, 6, seed=3)
    assert first != other
    assert independent_year_total(first) == independent_year_total(other) == 0
    assert other == plan_year(list(reversed(participants)), leaders, 6, seed=3)


def test_more_meetings_than_groups_are_planned_by_search():
    """Five groups give five meetings on the plane; a sixth needs the search, and the
    plan stays valid and at most what meeting by meeting gives."""
    leaders, participants = list(range(1, 6)), list(range(6, 26))
    plan = plan_year(participants, leaders, 6, max_evals=SMALL_BUDGET)
    assert len(plan) == 6
    for meeting in plan:
        assert_valid_meeting(meeting, participants, leaders)
    assert year_total(plan) >= year_lower_bound(25, 5, 6)


@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 8, 9, 16, 25, 27])
def test_field_tables_are_a_field(q):
    from meetings.yeargrouping import _field

    add, mul = _field(q)
    elements = range(q)
    for a in elements:
        assert sorted(add[a]) == list(elements)  # a + x takes every value once
        if a:
            assert sorted(mul[a][1:]) == list(range(1, q))  # a has an inverse
        for b in elements:
            assert add[a][b] == add[b][a] and mul[a][b] == mul[b][a]
            for c in elements:
                assert mul[a][add[b][c]] == add[mul[a][b]][mul[a][c]]
    assert all(add[0][x] == x and mul[1][x] == x for x in elements)


@pytest.mark.parametrize("q", [1, 6, 10, 12, 15])
def test_no_field_without_a_prime_power(q):
    from meetings.yeargrouping import _field

    assert _field(q) is None


def test_plan_takes_the_history_into_account():
    classes = affine_plane_of_order_four()
    # ids 1..16 of the affine plane, no leaders among them: one leader heads everyone
    leaders = [100, 101, 102, 103]
    history = [[[leaders[g], *line] for g, line in enumerate(classes[0])]]
    plan = plan_year(list(range(1, 17)), leaders, 2, history=history)
    assert year_total(history + plan) == year_lower_bound(20, 4, 3)


# --------------------------------------------------------- compose_groups with the plan


def test_compose_with_plan_returns_the_planned_meeting_when_everyone_is_here():
    leaders = [1, 2, 3, 4]
    participants = list(range(5, 21))
    plan = plan_year(participants, leaders, 5)
    for t in range(5):
        groups = compose_groups(participants, leaders, history=plan[:t], plan=plan[t:])
        assert groups == plan[t]


@st.composite
def meetings_with_absences(draw):
    people = draw(st.integers(3, 30))
    k = draw(st.integers(2, min(6, people - 1)))
    leaders = list(range(1, k + 1))
    participants = list(range(k + 1, people + 1))
    meetings = draw(st.integers(1, 4))
    plan = plan_year(participants, leaders, meetings, max_evals=SMALL_BUDGET)
    t = draw(st.integers(0, meetings - 1))
    here = draw(st.lists(st.sampled_from(participants), unique=True))
    leaders_here = draw(st.lists(st.sampled_from(leaders), min_size=1, unique=True))
    latecomers = draw(st.lists(st.integers(500, 510), unique=True))
    owners = draw(st.lists(st.sampled_from(here + latecomers), unique=True)) if here else []
    return plan, t, sorted(leaders_here), here + latecomers, owners


@property_settings
@given(meetings_with_absences())
def test_compose_with_plan_respects_who_is_here(case):
    plan, t, leaders, participants, owners = case
    groups = compose_groups(
        participants, leaders, history=plan[:t], case_owners=owners, plan=plan[t:]
    )
    assert_valid_meeting(groups, participants, leaders)
    # never worse than the plan's own groups fitted to who is here by adjust_groups
    fitted = grouping.adjust_groups(plan[t], set(participants) | set(leaders))
    kept = [g for g in fitted.groups if g]
    if not fitted.unbalanced and [g[0] for g in kept] == leaders:
        others = plan[:t] + plan[t + 1 :]
        assert repeated_pairs(groups, others) <= repeated_pairs(kept, others)


def test_compose_with_plan_keeps_planned_groups_of_those_here():
    leaders = [1, 2, 3, 4]
    participants = list(range(5, 21))
    plan = plan_year(participants, leaders, 5)
    absent = {plan[2][0][1], plan[2][1][1]}  # one participant of groups 1 and 2
    here = [p for p in participants if p not in absent]
    groups = compose_groups(here, leaders, history=plan[:2], plan=plan[2:])
    assert_valid_meeting(groups, here, leaders)
    # groups of 4 and 5: at most two people had to change groups
    moved = sum(
        1
        for planned, now in zip(plan[2], groups, strict=True)
        for pid in now[1:]
        if pid not in planned
    )
    assert moved <= 2


def test_compose_with_plan_dissolves_the_group_of_an_absent_leader():
    leaders = [1, 2, 3, 4]
    participants = list(range(5, 21))
    plan = plan_year(participants, leaders, 3)
    groups = compose_groups(participants, [1, 2, 4], plan=plan)
    assert_valid_meeting(groups, participants, [1, 2, 4])
    for planned in (plan[0][0], plan[0][1], plan[0][3]):
        now = next(g for g in groups if g[0] == planned[0])
        assert set(planned) <= set(now)


def test_compose_with_plan_refuses_bad_input_as_before():
    with pytest.raises(ValueError):
        compose_groups([5, 6], [], plan=[[[5, 6]]])
    with pytest.raises(ValueError):
        compose_groups([5, 5], [1, 2], plan=[[[1, 5], [2]]])


def test_adjust_groups_with_plan_puts_a_latecomer_in_the_planned_group():
    # 30 is planned with leader 2; without the plan they would go to group 0 (lowest index)
    plan = [[[1, 10], [2, 20, 30]]]
    fit = grouping.adjust_groups([[1, 10], [2, 20]], present={1, 2, 10, 20, 30}, plan=plan)
    assert fit.joined == [(30, 1)]
    fit = grouping.adjust_groups([[1, 10], [2, 20]], present={1, 2, 10, 20, 30})
    assert fit.joined == [(30, 0)]


def test_adjust_groups_with_plan_avoids_pairs_planned_later():
    # 30 meets 10 again later in the plan: 30 joins 20
    plan = [[[1, 10], [2, 20]], [[1, 10, 30], [2, 20]]]
    fit = grouping.adjust_groups([[1, 10], [2, 20]], present={1, 2, 10, 20, 30}, plan=plan)
    assert fit.joined == [(30, 1)]


# ------------------------------------------------------------------- colleagues met


def test_colleagues_met_counts_different_colleagues_once():
    meetings = [[[1, 2, 3], [4, 5]], [[1, 2, 4], [None, 3, 5]]]
    assert colleagues_met(meetings) == {1: 3, 2: 3, 3: 3, 4: 3, 5: 2}


@property_settings
@given(years(max_people=18))
def test_bound_with_history_never_exceeds_a_plan(year):
    from meetings.yeargrouping import _Planner

    participants, leaders, meetings, history, seed = year
    if not participants or len(leaders) < 2 or not meetings:
        return
    plan = plan_year(participants, leaders, meetings, history=history, seed=seed, max_evals=2000)
    team = set(participants) | set(leaders)
    known = [[[pid for pid in group if pid in team] for group in meeting] for meeting in history]
    planner = _Planner([*leaders, *sorted(participants)], len(leaders), meetings, history)
    assert planner.lower_bound() <= year_total(known + plan)
