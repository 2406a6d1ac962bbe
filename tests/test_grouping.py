"""Tests for meetings.grouping (pure Python, no Django, no database)."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings import grouping
from meetings.grouping import compose_groups, pair_counts, repeated_pairs

# ----------------------------------------------------------------------------- helpers


def independent_cost(groups, history):
    """Repeated-pair cost computed without the module's helpers."""
    total = 0
    for group in groups:
        for a, b in itertools.combinations(group, 2):
            total += sum(1 for meeting in history if any(a in g and b in g for g in meeting))
    return total


def coverage(groups, case_owners):
    owners = set(case_owners)
    return sum(1 for group in groups if owners.intersection(group))


def assert_valid(groups, participants, leaders):
    assert len(groups) == len(leaders)
    assert [group[0] for group in groups] == list(leaders)
    placed = [pid for group in groups for pid in group[1:]]
    assert sorted(placed) == sorted(participants)
    for group in groups:
        assert group[1:] == sorted(group[1:])
        assert not set(group[1:]) & set(leaders)
    sizes = [len(group) for group in groups]
    assert max(sizes) - min(sizes) <= 1


def brute_force_optimum(participants, leaders, history, case_owners):
    """Best (cost, -coverage) over every valid division, by enumeration."""
    k = len(leaders)
    q, r = divmod(len(participants) + k, k)
    best = None
    for assignment in itertools.product(range(k), repeat=len(participants)):
        groups = [[leader] for leader in leaders]
        for pid, g in zip(participants, assignment, strict=True):
            groups[g].append(pid)
        sizes = [len(group) for group in groups]
        if any(size not in (q, q + 1) for size in sizes) or sizes.count(q + 1) != r:
            continue
        value = (independent_cost(groups, history), -coverage(groups, case_owners))
        if best is None or value < best:
            best = value
    return best


def compose_year(participants, leaders, meetings, seed=0, case_owners=()):
    """Compose `meetings` consecutive meetings, each with the earlier ones as history."""
    history = []
    costs = []
    for _ in range(meetings):
        groups = compose_groups(
            participants, leaders, history=history, case_owners=case_owners, seed=seed
        )
        costs.append(repeated_pairs(groups, history))
        history.append(groups)
    return history, costs


# GF(4) = {0, 1, 2, 3} with XOR as addition and this multiplication table.
GF4_MUL = [[0, 0, 0, 0], [0, 1, 2, 3], [0, 2, 3, 1], [0, 3, 1, 2]]


def affine_plane_of_order_four():
    """The five parallel classes of AG(2, 4) on the ids 1..16: every pair of ids shares a
    line in exactly one class. Classes 0-3 are the slopes, class 4 the vertical lines."""
    point = lambda x, y: 4 * x + y + 1  # noqa: E731
    classes = [
        [[point(x, GF4_MUL[m][x] ^ c) for x in range(4)] for c in range(4)] for m in range(4)
    ]
    classes.append([[point(c, y) for y in range(4)] for c in range(4)])
    return classes


# --------------------------------------------------------------------------- strategies


@st.composite
def teams(draw, max_people=14):
    n = draw(st.integers(min_value=1, max_value=max_people))
    ids = draw(st.lists(st.integers(1, 200), min_size=n, max_size=n, unique=True))
    k = draw(st.integers(min_value=1, max_value=n))
    leaders, participants = ids[:k], ids[k:]
    outsiders = [201, 202, 203]  # people from earlier meetings who are absent now
    history = []
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        people = draw(st.permutations(ids + outsiders))
        parts = draw(st.integers(min_value=1, max_value=5))
        history.append([people[i::parts] for i in range(parts)])
    case_owners = draw(st.lists(st.sampled_from(ids), unique=True))
    seed = draw(st.integers(min_value=0, max_value=2**32))
    return participants, leaders, history, case_owners, seed


property_settings = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# ------------------------------------------------------------------ structural properties


@property_settings
@given(teams())
def test_compose_groups_places_every_participant_exactly_once(team):
    participants, leaders, history, case_owners, seed = team
    groups = compose_groups(
        participants, leaders, history=history, case_owners=case_owners, seed=seed
    )
    placed = [pid for group in groups for pid in group[1:]]
    assert sorted(placed) == sorted(participants)
    assert len(placed) == len(set(placed))


@property_settings
@given(teams())
def test_compose_groups_one_leader_per_group_first_and_in_given_order(team):
    participants, leaders, history, case_owners, seed = team
    groups = compose_groups(
        participants, leaders, history=history, case_owners=case_owners, seed=seed
    )
    assert [group[0] for group in groups] == leaders
    for group in groups:
        assert not set(group[1:]) & set(leaders)
        assert group[1:] == sorted(group[1:])


@property_settings
@given(teams())
def test_compose_groups_sizes_differ_by_at_most_one(team):
    participants, leaders, history, case_owners, seed = team
    groups = compose_groups(
        participants, leaders, history=history, case_owners=case_owners, seed=seed
    )
    sizes = [len(group) for group in groups]
    assert max(sizes) - min(sizes) <= 1
    assert sum(sizes) == len(participants) + len(leaders)


@property_settings
@given(teams())
def test_compose_groups_same_seed_same_output(team):
    participants, leaders, history, case_owners, seed = team
    first = compose_groups(
        participants, leaders, history=history, case_owners=case_owners, seed=seed
    )
    second = compose_groups(
        list(participants), list(leaders), history=history, case_owners=case_owners, seed=seed
    )
    assert first == second


@property_settings
@given(teams(), st.randoms(use_true_random=False))
def test_compose_groups_participant_order_does_not_matter(team, shuffler):
    participants, leaders, history, case_owners, seed = team
    shuffled = list(participants)
    shuffler.shuffle(shuffled)
    assert compose_groups(
        shuffled, leaders, history=history, case_owners=case_owners, seed=seed
    ) == compose_groups(participants, leaders, history=history, case_owners=case_owners, seed=seed)


@property_settings
@given(teams(max_people=12))
def test_compose_groups_never_worse_than_any_other_seed(team):
    # Up to EXACT_LIMIT people the optimum is proven, so every seed gives the same value.
    participants, leaders, history, case_owners, seed = team
    values = set()
    for s in (seed, seed + 1):
        groups = compose_groups(
            participants, leaders, history=history, case_owners=case_owners, seed=s
        )
        values.add((independent_cost(groups, history), -coverage(groups, case_owners)))
    assert len(values) == 1


# ------------------------------------------------------------------------- invalid input


def test_compose_groups_without_leaders_raises():
    with pytest.raises(ValueError, match="^Er is minstens één gespreksleider nodig.$"):
        compose_groups([1, 2, 3], [])


def test_compose_groups_duplicate_participant_raises():
    with pytest.raises(ValueError, match="^Dubbele deelnemers: 12.$"):
        compose_groups([12, 5, 12], [1])


def test_compose_groups_duplicate_leader_raises():
    with pytest.raises(ValueError, match="^Dubbele gespreksleiders: 3.$"):
        compose_groups([5, 6], [3, 4, 3])


def test_compose_groups_leader_among_participants_raises():
    with pytest.raises(ValueError, match="^Gespreksleider 3 staat ook bij de deelnemers.$"):
        compose_groups([5, 3, 6], [3, 4])


def test_compose_groups_leaders_among_participants_raises():
    with pytest.raises(ValueError, match="^Gespreksleiders 3, 4 staan ook bij de deelnemers.$"):
        compose_groups([4, 5, 3], [3, 4])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 30), max_size=8),
    st.lists(st.integers(1, 30), max_size=4),
)
def test_compose_groups_invalid_input_raises_value_error(participants, leaders):
    invalid = (
        not leaders
        or len(set(leaders)) < len(leaders)
        or len(set(participants)) < len(participants)
        or bool(set(leaders) & set(participants))
    )
    if invalid:
        with pytest.raises(ValueError):
            compose_groups(participants, leaders)
    else:
        assert_valid(compose_groups(participants, leaders), participants, leaders)


# ------------------------------------------------------------------------- simple cases


def test_compose_groups_without_participants_gives_leaders_alone():
    assert compose_groups([], [7, 3, 5]) == [[7], [3], [5]]


def test_compose_groups_single_leader_takes_everyone():
    assert compose_groups([9, 2, 5], [4], history=[[[2, 5, 9, 4]]]) == [[4, 2, 5, 9]]


def test_compose_groups_more_leaders_than_participants():
    groups = compose_groups([10, 11], [1, 2, 3, 4], history=[[[1, 10], [2, 11]]])
    assert_valid(groups, [10, 11], [1, 2, 3, 4])
    assert repeated_pairs(groups, [[[1, 10], [2, 11]]]) == 0
    assert sorted(len(group) for group in groups) == [1, 1, 2, 2]


def test_compose_groups_ignores_absent_people_in_history():
    history = [[[1, 2, 99], [3, 4, 98]], [[1, 4, 97]]]
    groups = compose_groups([3, 4], [1, 2], history=history)
    assert groups == [[1, 3], [2, 4]]
    assert repeated_pairs(groups, history) == 0


def test_pair_counts_counts_a_pair_once_per_meeting():
    history = [[[1, 2, 3], [4, 5]], [[1, 2], [2, 1, 4]], [[5, 4]]]
    assert pair_counts(history) == {
        (1, 2): 2,
        (1, 3): 1,
        (2, 3): 1,
        (4, 5): 2,
        (1, 4): 1,
        (2, 4): 1,
    }


def test_repeated_pairs_sums_earlier_meetings_per_pair():
    history = [[[1, 2, 3], [4, 5]], [[1, 2, 4], [3, 5]]]
    assert repeated_pairs([[1, 2, 5], [3, 4]], history) == 2  # 1-2 twice, others never
    assert repeated_pairs([[1, 2, 3]], history) == 4  # 1-2 twice, 1-3 once, 2-3 once
    assert repeated_pairs([[1, 5], [2, 5]], history) == 0


# -------------------------------------------------------------- optimality on small teams


def test_compose_groups_matches_brute_force_on_small_teams():
    rng = random.Random(20240901)
    checked = 0
    while checked < 150:
        n = rng.randint(2, 9)
        k = rng.randint(1, min(4, n))
        ids = rng.sample(range(1, 40), n)
        leaders, participants = ids[:k], ids[k:]
        if k ** len(participants) > 20_000:
            continue
        history = []
        for _ in range(rng.randint(0, 5)):
            people = ids + [90, 91]
            rng.shuffle(people)
            parts = rng.randint(1, 4)
            history.append([people[i::parts] for i in range(parts)])
        case_owners = rng.sample(ids, rng.randint(0, n))
        groups = compose_groups(
            participants, leaders, history=history, case_owners=case_owners, seed=checked
        )
        assert_valid(groups, participants, leaders)
        found = (independent_cost(groups, history), -coverage(groups, case_owners))
        expected = brute_force_optimum(participants, leaders, history, case_owners)
        assert found == expected, (participants, leaders, history, case_owners)
        checked += 1


@settings(max_examples=40, deadline=None)
@given(teams(max_people=8))
def test_compose_groups_matches_brute_force_property(team):
    participants, leaders, history, case_owners, seed = team
    groups = compose_groups(
        participants, leaders, history=history, case_owners=case_owners, seed=seed
    )
    found = (independent_cost(groups, history), -coverage(groups, case_owners))
    assert found == brute_force_optimum(participants, leaders, history, case_owners)


# ------------------------------------------------------------------ schedules without repeats


def test_compose_groups_nine_people_three_meetings_without_repeats():
    # Three leaders and six participants, groups of three: two repeat-free meetings form
    # a 3x3 grid (rows: meeting 1, columns: meeting 2) and a third one is a Latin square
    # whose symbols separate the leaders, which always exists. The solver is exact at
    # this size, so it must find it every time.
    for seed in range(3):
        history, costs = compose_year([4, 5, 6, 7, 8, 9], [1, 2, 3], 3, seed=seed)
        assert costs == [0, 0, 0]
        met = pair_counts(history)
        assert set(met.values()) == {1}
        assert len(met) == 27  # 3 meetings x 3 groups x 3 pairs, all different


def test_compose_groups_nine_people_fourth_meeting_needs_seven_repeats():
    # After three repeat-free meetings the 27 pairs used are three parallel classes of
    # the affine plane AG(2, 3); the 9 unused pairs are three disjoint triangles, one of
    # them the three leaders. So every leader has met all six participants (6 repeats)
    # and the participants' unused pairs are two triangles, which have no perfect
    # matching (at least 1 more). Seven is reachable, so seven is the exact optimum.
    history, costs = compose_year([4, 5, 6, 7, 8, 9], [1, 2, 3], 4)
    assert costs == [0, 0, 0, 7]
    fourth = brute_force_optimum([4, 5, 6, 7, 8, 9], [1, 2, 3], history[:3], ())
    assert fourth == (7, 0)


def test_compose_groups_sixteen_people_fourth_meeting_without_repeats():
    # AG(2, 4) has five parallel classes. With the leaders on one vertical line, every
    # line of the other four classes holds exactly one leader, so four repeat-free
    # meetings with fixed leaders exist. Given three of them, the fourth must be found.
    classes = affine_plane_of_order_four()
    assert set(pair_counts(classes).values()) == {1}
    assert len(pair_counts(classes)) == 120
    leaders = classes[4][0]
    participants = [pid for pid in range(1, 17) if pid not in leaders]
    for meeting in classes[:4]:
        assert all(len(set(group) & set(leaders)) == 1 for group in meeting)

    groups = compose_groups(participants, leaders, history=classes[:3])
    assert_valid(groups, participants, leaders)
    assert repeated_pairs(groups, classes[:3]) == 0
    # The only repeat-free groups left are lines of classes 3 and 4, and the class 4 lines
    # hold zero or four leaders, so the answer is unique: class 3.
    assert sorted(sorted(g) for g in groups) == sorted(sorted(g) for g in classes[3])


def test_compose_groups_sixteen_people_fifth_meeting_needs_fifteen_repeats():
    # After the four classes every leader has met all 12 participants (12 repeats); the
    # participants' unused pairs are three disjoint K4's, so of four triples at most three
    # avoid repeats and the last takes one person from each K4 (3 more): 15 exactly.
    classes = affine_plane_of_order_four()
    leaders = classes[4][0]
    participants = [pid for pid in range(1, 17) if pid not in leaders]
    groups = compose_groups(participants, leaders, history=classes[:4])
    assert_valid(groups, participants, leaders)
    assert repeated_pairs(groups, classes[:4]) == 15


# --------------------------------------------------------------------------- case owners


def test_compose_groups_spreads_case_owners_over_groups():
    groups = compose_groups(list(range(4, 13)), [1, 2, 3], case_owners={4, 5, 6})
    assert [len(set(group) & {4, 5, 6}) for group in groups] == [1, 1, 1]


def test_compose_groups_case_owners_can_be_leaders():
    groups = compose_groups([4, 5, 6, 7], [1, 2], case_owners={1, 4, 5})
    # leader 1 covers its own group, so 4 or 5 must go to leader 2
    assert set(groups[1]) & {4, 5}
    assert coverage(groups, {1, 4, 5}) == 2


def test_compose_groups_repeats_outweigh_case_owner_spread():
    # 5 and 6 both met 7 and 8 before; separating them costs 2 repeats, keeping them
    # together costs none. Fewer repeats come first, so one group has no case owner.
    history = [[[5, 7], [6, 8]], [[5, 8], [6, 7]]]
    groups = compose_groups([5, 6, 7, 8], [1, 2], history=history, case_owners={5, 6})
    assert repeated_pairs(groups, history) == 0
    assert coverage(groups, {5, 6}) == 1
    assert groups in ([[1, 5, 6], [2, 7, 8]], [[1, 7, 8], [2, 5, 6]])


def test_compose_groups_spreads_case_owners_when_history_allows():
    history = [[[1, 4, 5], [2, 6, 7], [3, 8, 9]]]
    groups = compose_groups([4, 5, 6, 7, 8, 9], [1, 2, 3], history=history, case_owners={4, 5, 6})
    assert repeated_pairs(groups, history) == 0
    assert coverage(groups, {4, 5, 6}) == 3


# ----------------------------------------------------------------------------- large team


def round_robin(participants, leaders):
    groups = [[leader] for leader in leaders]
    for pos, pid in enumerate(sorted(participants)):
        groups[pos % len(leaders)].append(pid)
    return groups


def test_compose_groups_large_team_beats_baselines():
    leaders = list(range(1, 9))
    participants = list(range(9, 61))
    case_owners = set(range(9, 61, 5))
    history, costs = compose_year(participants, leaders, 5, seed=3, case_owners=case_owners)
    assert costs[:2] == [0, 0]  # a second meeting without repeats always exists

    groups = compose_groups(participants, leaders, history=history, case_owners=case_owners, seed=3)
    assert_valid(groups, participants, leaders)
    cost = independent_cost(groups, history)
    assert cost == repeated_pairs(groups, history)

    rng = random.Random(1)
    baselines = [repeated_pairs(round_robin(participants, leaders), history)]
    for _ in range(20):
        shuffled = participants[:]
        rng.shuffle(shuffled)
        groups_random = [[leader, *shuffled[i::8]] for i, leader in enumerate(leaders)]
        baselines.append(repeated_pairs(groups_random, history))
    assert cost <= min(baselines)
    assert cost * 3 <= min(baselines)


# --- fitting existing groups to who is here (issue 12, item 2) -----------------------------


def test_adjust_groups_keeps_everyone_who_is_here_where_they_are():
    groups = [[1, 10, 11, 12], [2, 20, 21, 22]]

    fit = grouping.adjust_groups(groups, present={1, 2, 10, 11, 12, 20, 22})

    assert fit.groups == [[1, 10, 11, 12], [2, 20, 22]]
    assert fit.left == [(21, 1)]
    assert fit.joined == []
    assert not fit.unbalanced


def test_adjust_groups_places_a_latecomer_in_the_smallest_group():
    fit = grouping.adjust_groups([[1, 10, 11], [2, 20]], present={1, 2, 10, 11, 20, 30})

    assert fit.groups == [[1, 10, 11], [2, 20, 30]]
    assert fit.joined == [(30, 1)]


def test_adjust_groups_places_a_latecomer_with_new_colleagues():
    history = [[[30, 1, 10]]]  # 30 already sat with 1 and 10 this year

    fit = grouping.adjust_groups([[1, 10], [2, 20]], present={1, 2, 10, 20, 30}, history=history)

    assert fit.joined == [(30, 1)]


def test_adjust_groups_spreads_case_owners():
    fit = grouping.adjust_groups(
        [[1, 10], [2, 20]], present={1, 2, 10, 20, 30}, case_owners={10, 30}
    )

    assert fit.joined == [(30, 1)]


def test_adjust_groups_dissolves_a_group_without_its_leader():
    fit = grouping.adjust_groups(
        [[1, 10, 11], [2, 20, 21], [3, 30]], present={1, 2, 10, 11, 20, 21, 30}
    )

    assert fit.dissolved == [2]
    assert fit.groups[2] == []
    assert sorted(fit.groups[0] + fit.groups[1]) == [1, 2, 10, 11, 20, 21, 30]
    assert fit.joined == [(30, 0)]


def test_adjust_groups_says_when_sizes_differ_by_more_than_one():
    fit = grouping.adjust_groups([[1, 10, 11, 12], [2, 20, 21, 22]], present={1, 2, 10, 11, 12})

    assert fit.unbalanced


def test_adjust_groups_needs_a_leader():
    with pytest.raises(ValueError):
        grouping.adjust_groups([[1, 10]], present={10})
