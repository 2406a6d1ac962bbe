"""Samenstelling van de gespreksgroepen voor een themabijeenkomst.

Pure module (no ORM, no request; its error messages are lazy translatable strings, see
meetings/i18n.py). The public entry point is :func:`compose_groups`; the helpers
:func:`pair_counts` and :func:`repeated_pairs` compute the cost that it minimises, so the
web page can show how many pairs meet again.

Model
-----
Every leader heads exactly one group (group ``g`` belongs to ``leaders[g]``); the
participants are divided over the groups so that all group sizes (leader included) are
``n // k`` or ``n // k + 1``. The objective is lexicographic:

1. minimise the number of repeated pairs: for every pair of people in the same new group,
   the number of earlier meetings in which they shared a group, summed;
2. then maximise the number of groups with at least one case owner.

Both are folded into one integer ``F = cost * (k + 1) - coverage`` (coverage never
exceeds ``k``), so minimising ``F`` is the same as the lexicographic order.

Algorithm
---------
* Two lower bounds on the cost, the larger one is used:

  - per earlier meeting: only how many people of each old group land in each new group
    matters, and the fewest pairs of that meeting that any valid division must repeat
    is a small convex min-cost flow (old groups -> new groups, fixed leaders, sizes),
    solved exactly; the sum over the meetings bounds the cost. It is tight whenever the
    groups are so large that repeats are unavoidable and can be spread evenly;
  - per person: everyone shares a group with at least ``n // k - 1`` others (one of
    them a leader, for a participant); half the sum of the cheapest companions.

  Coverage is bounded by ``min(k, case owners present)``.
* Tabu search (seeded ``random.Random(seed)``) from a greedy start, over swaps of two
  participants and moves from a large to a small group, examining a sample of the
  participants that are in a conflict, with restarts. It stops as soon as the bound is
  reached, so the result is then a proven optimum (typically: no repeated pair at all).
* Otherwise branch and bound, with the tabu result as incumbent, pruning on partial cost
  plus each unplaced participant's cheapest open group, and breaking the symmetry of
  interchangeable people and leaders. Up to ``EXACT_LIMIT`` people it always runs to
  completion (a proven optimum); up to ``_BNB_LIMIT`` people it gets a node budget and
  often completes; above that the tabu result is returned unproven.

All budgets are counted in operations, never in time, so the output depends only on the
input and the seed.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy, ngettext_lazy

from meetings.i18n import message

__all__ = ["EXACT_LIMIT", "compose_groups", "pair_counts", "repeated_pairs"]

#: Teams up to this size (leaders included) are always solved to proven optimality.
EXACT_LIMIT = 16

# Search budgets (operation counts, not time, so results are machine independent).
_TABU_EVALS = 1_200_000  # work units (evaluated moves) of the tabu search
_TABU_EVALS_SMALL = 5_000  # the same, for teams that are solved exactly anyway
_TABU_STALL = 300  # iterations without improvement before a restart
_CAND_SAMPLE = 8  # conflicting participants examined per iteration
_TENURE_BASE = 2  # tabu tenure: _TENURE_BASE + 0.._TENURE_SPREAD - 1 iterations
_TENURE_SPREAD = 3
_TENURE_FRAC = 0.15  # ... or longer when many participants are in conflict
_BNB_NODES = 25_000  # node budget of branch and bound for teams above EXACT_LIMIT
_BNB_LIMIT = 24  # no branch and bound above this team size (it cannot finish)


def pair_counts(history: Iterable[Iterable[Iterable[int]]]) -> dict[tuple[int, int], int]:
    """Number of meetings in which each pair shared a group, keyed ``(smaller, larger)``.

    A pair is counted at most once per meeting; pairs that never met are absent.
    """
    counts: dict[tuple[int, int], int] = {}
    for meeting in history:
        seen: set[tuple[int, int]] = set()
        for group in meeting:
            members = sorted(set(group))
            for pos, a in enumerate(members):
                for b in members[pos + 1 :]:
                    seen.add((a, b))
        for pair in seen:
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def repeated_pairs(
    groups: Iterable[Iterable[int]], history: Iterable[Iterable[Iterable[int]]]
) -> int:
    """Repeated-pair cost of ``groups``: for every pair of people in the same group, the
    number of earlier meetings (``history``) in which they shared a group, summed."""
    counts = pair_counts(history)
    total = 0
    for group in groups:
        members = sorted(set(group))
        for pos, a in enumerate(members):
            for b in members[pos + 1 :]:
                total += counts.get((a, b), 0)
    return total


def _duplicates(ids: Sequence[int]) -> list[int]:
    seen: set[int] = set()
    dups: set[int] = set()
    for pid in ids:
        if pid in seen:
            dups.add(pid)
        seen.add(pid)
    return sorted(dups)


def _join(ids: Iterable[int]) -> str:
    return ", ".join(str(pid) for pid in ids)


def _validate(participants: list[int], leaders: list[int]) -> None:
    if not leaders:
        raise ValueError(gettext_lazy("At least one group leader is needed."))
    dup_leaders = _duplicates(leaders)
    if dup_leaders:
        raise ValueError(
            message(gettext_lazy("Duplicate group leaders: %(ids)s."), ids=_join(dup_leaders))
        )
    dup_participants = _duplicates(participants)
    if dup_participants:
        raise ValueError(
            message(gettext_lazy("Duplicate participants: %(ids)s."), ids=_join(dup_participants))
        )
    participant_set = set(participants)
    both = [pid for pid in leaders if pid in participant_set]
    if both:
        raise ValueError(
            message(
                ngettext_lazy(
                    "Group leader %(ids)s is also among the participants.",
                    "Group leaders %(ids)s are also among the participants.",
                    len(both),
                ),
                ids=_join(both),
            )
        )


def compose_groups(
    participants: Sequence[int],
    leaders: Sequence[int],
    *,
    history: Sequence[Sequence[Sequence[int]]] = (),
    case_owners: Collection[int] = (),
    seed: int = 0,
    plan: Sequence[Sequence[Sequence[int]]] | None = None,
) -> list[list[int]]:
    """Divide ``participants`` over one group per leader.

    Returns one list per leader, in the order of ``leaders``: the leader first, then that
    group's participants in ascending order. Group sizes (leader included) differ by at
    most one. Among all such divisions the result minimises the repeated-pair cost with
    respect to ``history`` (ids not present now are ignored) and then maximises the
    number of groups with a case owner. Same input and seed, same output.

    With ``plan`` (the year plan's meetings from this one on, see
    :func:`meetings.yeargrouping.plan_year`) the groups follow ``plan[0]`` instead: absent
    people leave their planned group, a group whose leader is absent is dissolved, people
    the plan does not place and the people of dissolved or too large groups go where they
    meet the fewest people they met earlier (``history``) or will meet later in the plan
    (``plan[1:]``), and a short local search with a fixed operation budget
    (``_FOLLOW_EVALS``) then lowers that cost and spreads the case owners. It is fast for
    any team (no lower bound, no exact search) and returns ``plan[0]`` itself when
    everyone in it is present and it cannot be improved.

    Raises ``ValueError`` when there are no leaders, when an id occurs twice, or when a
    leader is also listed as a participant.
    """
    leader_list = list(leaders)
    participant_list = list(participants)
    _validate(participant_list, leader_list)
    if plan is not None and participant_list and len(leader_list) > 1:
        return _follow_plan(sorted(participant_list), leader_list, history, plan, case_owners)

    k = len(leader_list)
    if not participant_list:
        return [[leader] for leader in leader_list]
    ordered = sorted(participant_list)
    if k == 1:
        return [[leader_list[0], *ordered]]

    people = leader_list + ordered
    problem = _Problem(people, k, history, case_owners)
    assignment = problem.solve(seed)
    groups: list[list[int]] = [[leader] for leader in leader_list]
    for i in range(k, len(people)):
        groups[assignment[i]].append(people[i])
    return groups


@dataclass(frozen=True)
class Adjustment:
    """What `adjust_groups` did: the groups (leader first), who left which group, who joined
    which group, the groups dissolved because their leader is absent, and whether sizes now
    differ by more than one (only a move by hand, or recomposing, can mend that)."""

    groups: list[list[int]]
    left: list[tuple[int, int]]  # (person, group index)
    joined: list[tuple[int, int]]  # (person, group index)
    dissolved: list[int]  # group indexes
    unbalanced: bool


def adjust_groups(
    groups: Sequence[Sequence[int]],
    present: Collection[int],
    *,
    history: Sequence[Sequence[Sequence[int]]] = (),
    case_owners: Collection[int] = (),
    plan: Sequence[Sequence[Sequence[int]]] = (),
) -> Adjustment:
    """Fit existing groups (leader first) to who is present, touching only what changed.

    Absent people leave their group; a group whose leader is absent is dissolved and its
    present members are placed again; present people in no group join one. Everybody else
    stays where they are, so moves made by hand survive. Each person placed goes to the
    smallest group, then one without a case owner if they bring a case, then the group where
    they meet the fewest people they already sat with this year (``history``) or will sit
    with later in the year plan (``plan[1:]``, see :func:`compose_groups`), then their
    planned group (``plan[0]``), then the lowest index. Raises ``ValueError`` when no group
    keeps its leader.
    """
    present_set = set(present)
    counts = pair_counts([*history, *plan[1:]])
    planned_leader = {
        pid: group[0] for group in (plan[0] if plan else ()) if group for pid in group[1:]
    }
    owners = set(case_owners)
    kept: dict[int, list[int]] = {}
    left: list[tuple[int, int]] = []
    to_place: list[int] = []
    dissolved: list[int] = []
    for index, (leader, *members) in enumerate(groups):
        left += [(pid, index) for pid in members if pid not in present_set]
        staying = [pid for pid in members if pid in present_set]
        if leader in present_set:
            kept[index] = [leader, *staying]
        else:
            dissolved.append(index)
            to_place += staying
    if not kept:
        raise ValueError(gettext_lazy("At least one group leader is needed."))
    placed = {pid for people in kept.values() for pid in people}
    to_place += sorted(pid for pid in present_set if pid not in placed and pid not in to_place)

    def cost(pid: int, index: int) -> tuple[int, int, int, int, int]:
        people = kept[index]
        clash = int(pid in owners and any(other in owners for other in people))
        repeats = sum(counts.get((min(pid, o), max(pid, o)), 0) for o in people)
        unplanned = int(planned_leader.get(pid, people[0]) != people[0])
        return (len(people), clash, repeats, unplanned, index)

    joined: list[tuple[int, int]] = []
    for pid in to_place:
        index = min(kept, key=lambda i: cost(pid, i))
        kept[index].append(pid)
        joined.append((pid, index))
    sizes = [len(people) for people in kept.values()]
    result = [
        [people[0], *sorted(people[1:])] if index in kept else []
        for index, people in ((i, kept.get(i, [])) for i in range(len(groups)))
    ]
    return Adjustment(
        groups=result,
        left=left,
        joined=joined,
        dissolved=dissolved,
        unbalanced=max(sizes) - min(sizes) > 1,
    )


def meeting_bound(n: int, k: int, old_groups: list[list[int]]) -> int:
    """Least number of pairs from one earlier meeting (a partition ``old_groups``) that
    any valid division can put together again.

    Only the counts ``x[g][h]`` (people of old group ``h`` in new group ``g``) matter:
    the meeting contributes ``sum C(x[g][h], 2)``. Minimising that subject to the old
    group sizes, the new group sizes and the fixed leaders is a min-cost flow with
    convex arc costs (the t-th unit on arc h->g costs its current count), solved
    exactly by successive shortest paths. Participants absent from that meeting form
    a free source with zero cost."""
    q, r = divmod(n, k)
    home = [-1] * n
    for h, members in enumerate(old_groups):
        for x in members:
            home[x] = h
    free = len(old_groups)  # pseudo old group: participants absent from the meeting
    width = free + 1
    supply = [0] * width
    for x in range(k, n):
        supply[home[x] if home[x] >= 0 else free] += 1
    count = [[0] * width for _ in range(k)]  # people of old group h in new group g
    flow = [[0] * width for _ in range(k)]  # participants of old group h in group g
    for g in range(k):
        if home[g] >= 0:
            count[g][home[g]] = 1
    fill = [0] * k
    bigs = 0
    total = 0
    inf = float("inf")
    for _ in range(n - k):
        # Bellman-Ford over the residual graph (no negative cycles by construction)
        dist_h = [0 if supply[h] > 0 else inf for h in range(width)]
        dist_g = [inf] * k
        pred_h: list[int] = [-1] * width
        pred_g: list[int] = [-1] * k
        changed = True
        while changed:
            changed = False
            for g in range(k):
                cg = count[g]
                for h in range(width):
                    if dist_h[h] < inf:
                        c = dist_h[h] + (cg[h] if h != free else 0)
                        if c < dist_g[g]:
                            dist_g[g] = c
                            pred_g[g] = h
                            changed = True
            for g in range(k):
                if dist_g[g] < inf:
                    cg, fg = count[g], flow[g]
                    for h in range(width):
                        if fg[h] > 0:
                            c = dist_g[g] - (cg[h] - 1 if h != free else 0)
                            if c < dist_h[h]:
                                dist_h[h] = c
                                pred_h[h] = g
                                changed = True
        # every group first gets q - 1 participants; then r groups get one more
        open_groups = [g for g in range(k) if fill[g] < q - 1]
        if not open_groups:
            open_groups = [g for g in range(k) if fill[g] == q - 1 and bigs < r]
        g = min(open_groups, key=lambda x: (dist_g[x], x))
        if fill[g] == q - 1:
            bigs += 1
        fill[g] += 1
        total += int(dist_g[g])
        while True:
            h = pred_g[g]
            flow[g][h] += 1
            count[g][h] += 1
            back = pred_h[h]
            if back < 0:
                supply[h] -= 1
                break
            flow[back][h] -= 1
            count[back][h] -= 1
            g = back
    return total


_FOLLOW_EVALS = 20_000  # work units of the local search in compose_groups(plan=...)


def _follow_plan(
    ordered: list[int],
    leader_list: list[int],
    history: Sequence[Sequence[Sequence[int]]],
    plan: Sequence[Sequence[Sequence[int]]],
    case_owners: Collection[int],
) -> list[list[int]]:
    """compose_groups with a year plan: ``plan[0]`` fitted to who is here, then improved
    by steepest descent within ``_FOLLOW_EVALS`` (see compose_groups)."""
    k = len(leader_list)
    people = leader_list + ordered
    n = len(people)
    q, r = divmod(n, k)
    scale = k + 1
    index = {pid: i for i, pid in enumerate(people)}
    w = [[0] * n for _ in range(n)]
    for meeting in [*history, *plan[1:]]:
        seen: set[tuple[int, int]] = set()
        for group in meeting:
            members = sorted({index[pid] for pid in group if pid in index})
            for pos, a in enumerate(members):
                for b in members[pos + 1 :]:
                    seen.add((a, b))
        for a, b in seen:
            w[a][b] += 1
            w[b][a] += 1
    owners = set(case_owners)
    case = [1 if pid in owners else 0 for pid in people]

    # 1. the planned groups of the leaders who are here, with the participants who are here
    grp = list(range(k)) + [-1] * (n - k)
    for group in plan[0] if plan else ():
        if not group or group[0] not in index or index[group[0]] >= k:
            continue  # that leader is not here: the group is dissolved
        g = index[group[0]]
        for pid in group[1:]:
            i = index.get(pid, -1)
            if i >= k and grp[i] < 0:
                grp[i] = g
    members = [[g] for g in range(k)]
    for i in range(k, n):
        if grp[i] >= 0:
            members[grp[i]].append(i)
    # 2. sizes: the r fullest groups may have q + 1, the others q; evict the participants
    # who meet the most known people from groups above that
    order = sorted(range(k), key=lambda g: (-len(members[g]), g))
    cap = [q] * k
    for g in order[:r]:
        cap[g] = q + 1
    to_place = [i for i in range(k, n) if grp[i] < 0]
    for g in range(k):
        while len(members[g]) > cap[g]:
            group = members[g]
            out = max(group[1:], key=lambda i: (sum(w[i][x] for x in group), i))
            group.remove(out)
            grp[out] = -1
            to_place.append(out)
    # 3. place them, the most constrained first, where they meet the fewest known people
    to_place.sort(key=lambda i: (-sum(w[i]), i))
    for i in to_place:
        best_g, best_v = -1, None
        for g in range(k):
            if len(members[g]) >= cap[g]:
                continue
            clash = case[i] and any(case[x] for x in members[g])
            v = (sum(w[i][x] for x in members[g]) * scale + int(bool(clash)), g)
            if best_v is None or v < best_v:
                best_g, best_v = g, v
        grp[i] = best_g
        members[best_g].append(i)
    # 4. steepest descent on F = cost * scale - coverage: swaps and large -> small moves
    s = [[0] * k for _ in range(n)]
    for i in range(n):
        si, wi = s[i], w[i]
        for j in range(n):
            if wi[j]:
                si[grp[j]] += wi[j]
    size = [len(group) for group in members]
    cc = [sum(case[x] for x in group) for group in members]
    evals = 0
    while evals < _FOLLOW_EVALS:
        best_d, best_move = 0, None
        for i in range(k, n):
            a = grp[i]
            si, wi = s[i], w[i]
            conflict = si[a] > 0 or (case[i] and cc[a] > 1)
            if not conflict:
                continue
            for j in range(k, n):
                b = grp[j]
                if b == a:
                    continue
                sj = s[j]
                d = (si[b] + sj[a] - 2 * wi[j] - si[a] - sj[b]) * scale
                if case[i] != case[j]:
                    owner_from, owner_to = (a, b) if case[i] else (b, a)
                    d += (cc[owner_from] == 1) - (cc[owner_to] == 0)
                if d < best_d:
                    best_d, best_move = d, (i, j)
            evals += n - k
            if r and size[a] == q + 1:
                for b in range(k):
                    if size[b] != q:
                        continue
                    d = (si[b] - si[a]) * scale
                    if case[i]:
                        d += (cc[a] == 1) - (cc[b] == 0)
                    if d < best_d:
                        best_d, best_move = d, (i, -1 - b)
                evals += k
        evals += n
        if best_move is None:
            break
        i, j = best_move
        moves = [(i, grp[j]), (j, grp[i])] if j >= 0 else [(i, -1 - j)]
        for x, b in moves:
            a = grp[x]
            grp[x] = b
            size[a] -= 1
            size[b] += 1
            cc[a] -= case[x]
            cc[b] += case[x]
            for y, wy in enumerate(w[x]):
                if wy:
                    s[y][a] -= wy
                    s[y][b] += wy
        evals += 2 * n
    groups: list[list[int]] = [[leader] for leader in leader_list]
    for i in range(k, n):
        groups[grp[i]].append(people[i])
    return groups


class _Problem:
    """Index-based form: people ``0..k-1`` are the leaders (person ``g`` heads group ``g``),
    ``k..n-1`` the participants in ascending id order."""

    def __init__(
        self,
        people: list[int],
        k: int,
        history: Iterable[Iterable[Iterable[int]]],
        case_owners: Collection[int],
    ) -> None:
        n = len(people)
        self.n = n
        self.k = k
        self.q, self.r = divmod(n, k)
        self.weight_scale = k + 1  # F = cost * weight_scale - coverage
        index = {pid: i for i, pid in enumerate(people)}
        weights = [[0] * n for _ in range(n)]
        partitions: list[list[list[int]]] = []  # earlier meetings that partition people
        for meeting in history:
            groups = [sorted({index[pid] for pid in group if pid in index}) for group in meeting]
            groups = [members for members in groups if members]
            seen: set[tuple[int, int]] = set()
            for members in groups:
                for pos, a in enumerate(members):
                    for b in members[pos + 1 :]:
                        seen.add((a, b))
            for a, b in seen:
                weights[a][b] += 1
                weights[b][a] += 1
            if sum(map(len, groups)) == len({x for members in groups for x in members}):
                partitions.append(groups)
        self.w = weights
        owners = set(case_owners)
        self.case = [1 if pid in owners else 0 for pid in people]
        self.max_coverage = min(k, sum(self.case))
        cost_bound = max(
            self._degree_bound(), sum(self._meeting_bound(groups) for groups in partitions)
        )
        self.lower_bound = cost_bound * self.weight_scale - self.max_coverage

    # ------------------------------------------------------------------ lower bounds

    def _degree_bound(self) -> int:
        """Everybody shares a group with at least ``q - 1`` others, one of whom is a leader
        (for a participant); half the sum of the cheapest such companions bounds the cost."""
        n, k, q, w = self.n, self.k, self.q, self.w
        total = 0
        for leader in range(k):
            row = sorted(w[leader][k:])
            total += sum(row[: q - 1])
        for p in range(k, n):
            row = w[p]
            others = sorted(row[x] for x in range(k, n) if x != p)
            total += min(row[:k]) + sum(others[: max(0, q - 2)])
        return (total + 1) // 2

    def _meeting_bound(self, old_groups: list[list[int]]) -> int:
        return meeting_bound(self.n, self.k, old_groups)

    # ------------------------------------------------------------------ helpers

    def evaluate(self, grp: list[int]) -> int:
        """Objective ``F`` of a full assignment."""
        n, w = self.n, self.w
        cost = 0
        for i in range(n):
            gi, wi = grp[i], w[i]
            for j in range(i + 1, n):
                if grp[j] == gi:
                    cost += wi[j]
        covered = {grp[i] for i in range(n) if self.case[i]}
        return cost * self.weight_scale - len(covered)

    # --------------------------------------------------------------------------- solve

    def solve(self, seed: int) -> list[int]:
        """Best assignment found (person index -> group); sets ``self.value`` (objective)
        and ``self.proven`` (True when it is known to be optimal)."""
        rng = random.Random(seed)
        exact = self.n <= EXACT_LIMIT
        grp, value = self._tabu_search(rng, _TABU_EVALS_SMALL if exact else _TABU_EVALS)
        self.proven = value <= self.lower_bound
        if not self.proven and self.n <= _BNB_LIMIT:
            node_budget = None if exact else _BNB_NODES
            grp, value, self.proven = self._branch_and_bound(grp, value, node_budget)
        self.value = value
        return grp

    def _greedy(self, rng: random.Random | None) -> list[int]:
        """Place participants one by one (most constrained first) in the cheapest group
        that still has room; with ``rng`` the order and ties are randomised."""
        n, k, q, r, w, case = self.n, self.k, self.q, self.r, self.w, self.case
        scale = self.weight_scale
        grp = list(range(k)) + [-1] * (n - k)
        size = [1] * k
        cc = case[:k]
        big = 0  # groups of size q + 1 (a leader alone never is one, since q >= 1)
        inc = [[w[p][g] for g in range(k)] for p in range(n)]
        order = list(range(k, n))
        if rng is None:
            order.sort(key=lambda p: (-sum(w[p]), p))
        else:
            rng.shuffle(order)
        for p in order:
            best_val = None
            best_groups: list[int] = []
            for g in range(k):
                if size[g] > q or (size[g] == q and big >= r):
                    continue
                val = inc[p][g] * scale - (1 if case[p] and not cc[g] else 0)
                if best_val is None or val < best_val:
                    best_val, best_groups = val, [g]
                elif val == best_val:
                    best_groups.append(g)
            if rng is None:
                g = min(best_groups, key=lambda h: (size[h], h))
            else:
                g = rng.choice(best_groups)
            grp[p] = g
            size[g] += 1
            if size[g] == q + 1:
                big += 1
            cc[g] += case[p]
            wp = w[p]
            for x in range(n):
                inc[x][g] += wp[x]
        return grp

    def _tabu_search(self, rng: random.Random, max_evals: int) -> tuple[list[int], int]:
        """Tabu search from the greedy solution, with restarts; returns the best
        assignment seen and its objective. Stops at the lower bound or after
        ``max_evals`` units of work (one unit per evaluated move)."""
        n, k, q, r, w, case = self.n, self.k, self.q, self.r, self.w, self.case
        scale = self.weight_scale
        target = self.lower_bound
        max_coverage = self.max_coverage
        has_cases = max_coverage > 0
        parts = list(range(k, n))
        part_weights = [row[k:] for row in w]
        part_cases = case[k:]
        no_move = n * n * scale + k + 1  # larger than any real delta

        best = self._greedy(None)
        best_value = self.evaluate(best)
        evals = 0
        restart = 0
        while best_value > target and evals < max_evals:
            if restart == 0:
                grp = best[:]
            elif restart % 2:
                grp = self._greedy(rng)
            else:
                grp = best[:]
                self._perturb(grp, rng, max(2, (n - k) // 6))
            restart += 1

            s = [[0] * k for _ in range(n)]
            for i in range(n):
                si, wi = s[i], w[i]
                for j in range(n):
                    if wi[j]:
                        si[grp[j]] += wi[j]
            own = [s[i][grp[i]] for i in range(n)]
            part_rows = s[k:]
            size = [0] * k
            cc = [0] * k
            for i in range(n):
                size[grp[i]] += 1
                cc[grp[i]] += case[i]
            value = sum(own) // 2 * scale - sum(1 for c in cc if c)
            if value < best_value:
                best, best_value = grp[:], value
            local_best = value
            tabu = [[0] * k for _ in range(n)]
            it = last_improvement = 0
            while best_value > target and evals < max_evals and it - last_improvement < _TABU_STALL:
                it += 1
                if has_cases and sum(1 for c in cc if c) < max_coverage:
                    cands = [i for i in parts if own[i] or (case[i] and cc[grp[i]] > 1)]
                else:
                    cands = [i for i in parts if own[i]]
                if not cands:
                    break  # no repeated pair and maximal coverage: optimal
                nconf = len(cands)
                if len(cands) > _CAND_SAMPLE:
                    cands = rng.sample(cands, _CAND_SAMPLE)
                part_groups = grp[k:]
                part_own = own[k:]
                best_delta = no_move
                moves: list[tuple[int, int]] = []
                for i in cands:
                    a = grp[i]
                    si, ti, wi = s[i], tabu[i], part_weights[i]
                    sia = si[a]
                    ci = case[i]
                    if has_cases:
                        # coverage lost (as objective delta) when a case owner and a
                        # non-owner trade places between a and b
                        if ci:
                            gain = [(cc[a] == 1) - (cc[b] == 0) for b in range(k)]
                        else:
                            gain = [(cc[b] == 1) - (cc[a] == 0) for b in range(k)]
                    t = -1
                    for b in part_groups:
                        t += 1
                        if b == a:
                            continue
                        d = (si[b] + part_rows[t][a] - part_own[t] - 2 * wi[t] - sia) * scale
                        if has_cases and part_cases[t] != ci:
                            d += gain[b]
                        if d > best_delta:
                            continue
                        if (ti[b] > it or tabu[t + k][a] > it) and value + d >= best_value:
                            continue
                        if d < best_delta:
                            best_delta = d
                            moves = [(i, t + k)]
                        else:
                            moves.append((i, t + k))
                    evals += n - k
                    if r and size[a] == q + 1:
                        for b in range(k):
                            if size[b] != q:
                                continue
                            d = (si[b] - sia) * scale
                            if case[i]:
                                d -= (cc[b] == 0) - (cc[a] == 1)
                            if d > best_delta or (ti[b] > it and value + d >= best_value):
                                continue
                            if d < best_delta:
                                best_delta = d
                                moves = []
                            moves.append((i, -1 - b))
                        evals += k
                evals += 2 * n  # bookkeeping of an iteration
                if not moves:
                    break  # everything tabu: restart
                i, j = moves[rng.randrange(len(moves))] if len(moves) > 1 else moves[0]
                spread = max(_TENURE_SPREAD, int(nconf * _TENURE_FRAC))
                tenure = _TENURE_BASE + rng.randrange(spread)
                a = grp[i]
                if j >= 0:
                    b = grp[j]
                    self._move(s, own, grp, i, b)
                    self._move(s, own, grp, j, a)
                    cc[a] += case[j] - case[i]
                    cc[b] += case[i] - case[j]
                    tabu[j][b] = it + tenure
                else:
                    b = -1 - j
                    self._move(s, own, grp, i, b)
                    size[a] -= 1
                    size[b] += 1
                    cc[a] -= case[i]
                    cc[b] += case[i]
                tabu[i][a] = it + tenure
                value += best_delta
                if value < local_best:
                    local_best = value
                    last_improvement = it
                    if value < best_value:
                        best, best_value = grp[:], value
        return best, best_value

    def _move(self, s: list[list[int]], own: list[int], grp: list[int], i: int, b: int) -> None:
        """Move person ``i`` to group ``b``, updating the group sums ``s`` and ``own``."""
        a = grp[i]
        grp[i] = b
        for x, wx in enumerate(self.w[i]):
            if wx:
                sx = s[x]
                sx[a] -= wx
                sx[b] += wx
                gx = grp[x]
                if gx == a:
                    own[x] -= wx
                elif gx == b:
                    own[x] += wx
        own[i] = s[i][b]

    def _perturb(self, grp: list[int], rng: random.Random, swaps: int) -> None:
        k, n = self.k, self.n
        for _ in range(swaps):
            i = rng.randrange(k, n)
            j = rng.randrange(k, n)
            grp[i], grp[j] = grp[j], grp[i]

    # ----------------------------------------------------------------- branch and bound

    def _branch_and_bound(
        self, incumbent: list[int], incumbent_value: int, node_budget: int | None
    ) -> tuple[list[int], int, bool]:
        """Exhaustive search with pruning, branching on participants (most constrained
        first) and their groups (cheapest first). Returns the incumbent unless something
        strictly better is found, its value, and whether the search was complete (so the
        result is optimal) rather than cut off by ``node_budget``."""
        n, k, q, r, w, case = self.n, self.k, self.q, self.r, self.w, self.case
        scale = self.weight_scale
        target = self.lower_bound

        # Variable order: most constrained participants first.
        order = sorted(range(k, n), key=lambda p: (-sum(w[p]), -case[p], p))

        # Symmetry: twins (same weights to everybody else, same case flag) are
        # interchangeable, so their groups are forced to be non-decreasing along `order`.
        def twins(a: int, b: int) -> bool:
            if case[a] != case[b]:
                return False
            wa, wb = w[a], w[b]
            return all(wa[x] == wb[x] for x in range(n) if x != a and x != b)

        prev_twin = [-1] * len(order)
        for t, p in enumerate(order):
            for u in range(t - 1, -1, -1):
                if twins(order[u], p):
                    prev_twin[t] = order[u]
                    break
        # Interchangeable leaders: while both groups hold only their leader, use the first.
        leader_class = list(range(k))
        for g in range(k):
            for h in range(g):
                if case[g] == case[h] and all(w[g][x] == w[h][x] for x in range(k, n)):
                    leader_class[g] = leader_class[h]
                    break

        grp = list(range(k)) + [-1] * (n - k)
        size = [1] * k
        cc = case[:k]
        inc = [[w[p][g] for g in range(k)] for p in range(n)]
        best = incumbent[:]
        best_value = incumbent_value
        nodes = 0
        remaining_cases = sum(case[p] for p in order)
        big = 0
        participants = len(order)

        class _Stop(Exception):
            pass

        exhausted = False

        def search(t: int, cost: int, covered: int, case_left: int) -> None:
            nonlocal best, best_value, nodes, big, exhausted
            nodes += 1
            if node_budget is not None and nodes > node_budget:
                exhausted = True
                raise _Stop
            if t == participants:
                value = cost * scale - covered
                if value < best_value:
                    best, best_value = grp[:], value
                    if best_value <= target:
                        raise _Stop
                return
            full_q = big >= r
            # Bound: every unplaced participant costs at least its cheapest open group.
            bound = cost
            for u in range(t, participants):
                iu = inc[order[u]]
                m = None
                for g in range(k):
                    sg = size[g]
                    if sg > q or (sg == q and full_q):
                        continue
                    v = iu[g]
                    if m is None or v < m:
                        m = v
                        if v == 0:
                            break
                bound += m
            open_uncovered = 0
            if case_left:
                for g in range(k):
                    if not cc[g] and (size[g] < q or (size[g] == q and not full_q)):
                        open_uncovered += 1
            if bound * scale - covered - min(case_left, open_uncovered) >= best_value:
                return

            p = order[t]
            ip = inc[p]
            cp = case[p]
            lowest = grp[prev_twin[t]] if prev_twin[t] >= 0 else 0
            options = []
            used_class: set[int] = set()
            for g in range(lowest, k):
                sg = size[g]
                if sg > q or (sg == q and full_q):
                    continue
                if sg == 1:
                    cls = leader_class[g]
                    if cls in used_class:
                        continue
                    used_class.add(cls)
                gain = 1 if cp and not cc[g] else 0
                options.append((ip[g] * scale - gain, g))
            options.sort()
            wp = w[p]
            for _, g in options:
                gain = 1 if cp and not cc[g] else 0
                added = ip[g]
                grows_big = size[g] == q
                grp[p] = g
                size[g] += 1
                big += grows_big
                cc[g] += cp
                for x in range(n):
                    inc[x][g] += wp[x]
                search(t + 1, cost + added, covered + gain, case_left - cp)
                for x in range(n):
                    inc[x][g] -= wp[x]
                cc[g] -= cp
                big -= grows_big
                size[g] -= 1
                grp[p] = -1

        with contextlib.suppress(_Stop):
            search(0, 0, sum(1 for g in range(k) if cc[g]), remaining_cases)
        self.bnb_nodes = nodes
        return best, best_value, not exhausted
