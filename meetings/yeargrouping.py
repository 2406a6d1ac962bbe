"""De gespreksgroepen van een heel schooljaar in één keer plannen.

Pure module (no ORM, no request). :mod:`meetings.grouping` composes one meeting against
the earlier ones; composing meeting after meeting that way is greedy, and a year of greedy
optima repeats more pairs than needed. This module plans all meetings of the year at once.

Cost
----
The year total is the sum over the meetings of their repeated-pair cost (each meeting
against the earlier ones). A pair that shares a group in ``m`` meetings contributes
``0 + 1 + ... + (m - 1) = C(m, 2)``, so the year total is ``sum C(m, 2)`` over all pairs,
whatever the order of the meetings.

Lower bound (:func:`year_lower_bound`)
--------------------------------------
Every leader heads one group per meeting (leaders never share a group), participants fill
the groups to sizes ``n // k`` or ``n // k + 1``. Two counting arguments, the larger wins:

* *pairs needed against pairs available*: participant-participant pairs and
  leader-participant pairs are counted apart (leader pairs never occur); spreading the
  pairs needed over the distinct pairs available as evenly as possible costs
  ``D * C(a, 2) + b * a`` for ``P = a * D + b`` pairs over ``D`` available ones;
* *per two meetings*: the year total equals the sum over every two meetings ``i < j`` of
  ``sum C(x, 2)`` over the cells ``x = |group g of i ∩ group h of j|``. The ``n`` people
  fill ``k * k`` cells, leader ``g`` sits in cell ``(g, g)``, a row holds a group of
  ``i``, a column one of ``j``. The least cost of such a table is a small convex
  transportation problem, solved exactly (for every overlap of the large groups).

The second is what makes 20 people with 4 leaders cost at least 40 over five meetings (the
first argument alone says 16): 16 participants in groups of 4 meet 12 cells off the
diagonal per two meetings, so 4 of them must share a cell. With history
(:meth:`_Planner.lower_bound`) the earlier meetings' own repeats are added, and against
each earlier meeting :func:`meetings.grouping.meeting_bound`.

Planner (:func:`plan_year`)
---------------------------
When the number of groups ``k`` is a prime power (2, 3, 4, 5, 7, 8, 9, ...), the team has
at most ``k * k`` people and the year at most ``k`` meetings, the finite plane of order
``k`` gives a year in which nobody meets anyone twice (:func:`_affine_plan`): the bound
itself, without a search. Otherwise, and after earlier meetings (the plane is then one
candidate among the others), a greedy start (meeting after meeting, everyone where they
met the fewest people so far), then simulated annealing over all planned meetings at once
(earlier meetings are fixed history), seeded ``random.Random(seed)``: swap two
participants of one meeting, or move one from a large to a small group, most proposals for
someone sharing a group with a person met before. The change of the year total of a move
is ``O(1)`` from the sums ``S[t][p][g]`` (how often ``p`` met the people of group ``g`` of
meeting ``t`` in any meeting), kept up to date in ``O(group size * meetings)`` per move
made. It stops at the lower bound, after ``PLAN_EVALS`` units of work or after
``_STALL_EVALS`` without a better plan: operation counts, never time, so the result
depends only on the input and the seed.

In ``bench/bench_grouping.py`` (five meetings) the plan reaches the bound for 20 people
with 4 leaders (40; the per-meeting method too), 60 with 8 (0, on the plane of order 8;
meeting by meeting: 17) and 68 with 10 (0). It ends above it for 40 with 6 (bound 40,
plan about 43, per meeting 45). There we know no schedule reaching the bound; it
would be a covering array CA(40; 2, 5, 6) (every two meetings put people in all 36 pairs
of groups) with the six leaders as constant rows, balanced groups and never three people
in the same two groups of two meetings; its cousin without spare rows, two orthogonal
Latin squares of order 6, does not exist (Euler's 36 officers).
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Iterable, Sequence
from itertools import combinations

__all__ = [
    "colleagues_met",
    "plan_year",
    "year_lower_bound",
    "year_total",
]

# Search budget (work units: one per proposed move, more for a move made), not time.
PLAN_EVALS = 1_000_000
_STALL_EVALS = 150_000  # stop after this much work without a better plan
_T_START = 0.4  # annealing temperature at the start and at the end of the budget
_T_END = 0.05
_REFRESH = 50  # proposals between two updates of the list of conflicts
_FOCUS = 0.9  # share of proposals that move someone in a conflict

Meeting = Sequence[Sequence[int]]


def _spread(needed: int, available: int) -> int:
    """Least ``sum C(m, 2)`` when ``needed`` meetings of pairs fall on ``available`` pairs."""
    if needed <= 0:
        return 0
    if available <= 0:
        raise ValueError("pairs needed but none available")
    a, b = divmod(needed, available)
    return available * a * (a - 1) // 2 + b * a


def _sizes(people: int, leaders: int) -> tuple[int, int]:
    return divmod(people, leaders)


def _pair_bound(people: int, leaders: int, meetings: int) -> int:
    n, k, m = people, leaders, meetings
    q, r = _sizes(n, k)
    participants = n - k
    pp_per_meeting = r * (q * (q - 1) // 2) + (k - r) * ((q - 1) * (q - 2) // 2)
    pp = _spread(m * pp_per_meeting, participants * (participants - 1) // 2)
    lp = _spread(m * participants, k * participants) if participants else 0
    return pp + lp


def _table_cost(rows: list[int], cols: list[int]) -> int:
    """Least ``sum C(x, 2)`` over a ``k x k`` table with row sums ``rows``, column sums
    ``cols`` (both leader included) and at least one person (the leader) in every
    diagonal cell: successive shortest paths, the ``t``-th unit in a cell costs ``t``."""
    k = len(rows)
    count = [[int(g == h) for h in range(k)] for g in range(k)]
    row_left = [s - 1 for s in rows]
    col_left = [s - 1 for s in cols]
    total = 0
    inf = float("inf")
    for _ in range(sum(row_left)):
        # Shortest path from a row with room to a column with room in the residual graph:
        # row g -> column h costs count[g][h]; column h -> row g (undo a unit placed
        # there, beyond the leader) gains count[g][h] - 1.
        dist_r = [0 if row_left[g] > 0 else inf for g in range(k)]
        dist_c = [inf] * k
        pred_c = [-1] * k
        pred_r = [-1] * k
        placed = [[count[g][h] - int(g == h) for h in range(k)] for g in range(k)]
        changed = True
        while changed:
            changed = False
            for g in range(k):
                if dist_r[g] < inf:
                    for h in range(k):
                        c = dist_r[g] + count[g][h]
                        if c < dist_c[h]:
                            dist_c[h], pred_c[h], changed = c, g, True
            for h in range(k):
                if dist_c[h] < inf:
                    for g in range(k):
                        if placed[g][h] > 0:
                            c = dist_c[h] - (count[g][h] - 1)
                            if c < dist_r[g]:
                                dist_r[g], pred_r[g], changed = c, h, True
        h = min((x for x in range(k) if col_left[x] > 0), key=lambda x: (dist_c[x], x))
        total += int(dist_c[h])
        col_left[h] -= 1
        while True:
            g = pred_c[h]
            count[g][h] += 1
            back = pred_r[g]
            if back < 0:
                row_left[g] -= 1
                break
            count[g][back] -= 1
            h = back
    return total


def _meeting_pair_bound(people: int, leaders: int) -> int:
    """Least repeated-pair cost between two full meetings, over every choice of which
    groups are the large ones in each."""
    n, k = people, leaders
    q, r = _sizes(n, k)
    best = None
    for overlap in range(max(0, 2 * r - k), r + 1):
        rows = [q + 1 if g < r else q for g in range(k)]
        # columns: the first `overlap` large groups coincide with large rows
        cols = [q] * k
        for g in range(overlap):
            cols[g] = q + 1
        for g in range(r, r + (r - overlap)):
            cols[g] = q + 1
        cost = _table_cost(rows, cols)
        best = cost if best is None else min(best, cost)
    return best or 0


def year_lower_bound(people: int, leaders: int, meetings: int) -> int:
    """Least possible year total of repeated pairs for ``people`` (leaders included) in
    groups headed by ``leaders`` fixed leaders over ``meetings`` meetings with everyone
    present (see the module docstring). Raises ``ValueError`` without leaders or with more
    leaders than people."""
    if leaders < 1 or people < leaders:
        raise ValueError("need 1 <= leaders <= people")
    if meetings < 2 or people == leaders:
        return 0
    pairs = meetings * (meetings - 1) // 2
    return max(
        _pair_bound(people, leaders, meetings),
        pairs * _meeting_pair_bound(people, leaders),
    )


def year_total(meetings: Iterable[Iterable[Iterable[int]]]) -> int:
    """Repeated pairs of a year: every meeting against the earlier ones, summed
    (``sum C(m, 2)`` over the pairs that share a group in ``m`` meetings)."""
    counts: dict[tuple[int, int], int] = {}
    for meeting in meetings:
        seen: set[tuple[int, int]] = set()
        for group in meeting:
            seen.update(combinations(sorted(set(group)), 2))
        for pair in seen:
            counts[pair] = counts.get(pair, 0) + 1
    return sum(m * (m - 1) // 2 for m in counts.values())


def colleagues_met(meetings: Iterable[Iterable[Iterable[int]]]) -> dict[int, int]:
    """For everyone in the meetings' groups, how many different colleagues they shared a
    group with (None entries, a removed leader's slot, are skipped)."""
    met: dict[int, set[int]] = {}
    for meeting in meetings:
        for group in meeting:
            people = {pid for pid in group if pid is not None}
            for pid in people:
                met.setdefault(pid, set()).update(people - {pid})
    return {pid: len(others) for pid, others in met.items()}


def plan_year(
    participants: Sequence[int],
    leaders: Sequence[int],
    meetings: int,
    *,
    history: Sequence[Meeting] = (),
    seed: int = 0,
    max_evals: int = PLAN_EVALS,
) -> list[list[list[int]]]:
    """Groups for ``meetings`` meetings still to come, planned together with the earlier
    meetings ``history`` (fixed; ids not in the team now are ignored).

    Each planned meeting is one list per leader, in the order of ``leaders``: the leader
    first, then that group's participants in ascending order; sizes (leader included)
    differ by at most one. The plan minimises the year total (history included) and stops
    at :func:`year_lower_bound` (with history: :meth:`_Planner.lower_bound`) when it
    reaches it. Same input, same output.
    Raises ``ValueError`` as :func:`meetings.grouping.compose_groups` does.
    """
    from meetings.grouping import _validate

    leader_list = list(leaders)
    ordered = sorted(participants)
    _validate(ordered, leader_list)
    k = len(leader_list)
    if meetings <= 0:
        return []
    if not ordered or k == 1:
        return [[[leader, *ordered] for leader in leader_list] for _ in range(meetings)]
    affine = _affine_plan(ordered, leader_list, meetings, seed)
    if affine is not None and not history:
        return affine  # nobody meets anyone twice: the bound, and nothing to search
    people = leader_list + ordered
    planner = _Planner(people, k, meetings, history)
    target = planner.lower_bound() if history else year_lower_bound(len(people), k, meetings)
    assignment = planner.solve(random.Random(seed), target, max_evals)
    plan = []
    for grp in assignment:
        groups: list[list[int]] = [[leader] for leader in leader_list]
        for i in range(k, len(people)):
            groups[grp[i]].append(people[i])
        plan.append(groups)
    before = year_total(history)
    total = year_total([*history, *plan])
    if affine is not None and year_total([*history, *affine]) < total:
        plan, total = affine, year_total([*history, *affine])
    if total > before:  # some pair meets again: composing meeting by meeting may do better
        alternative = _meeting_by_meeting(ordered, leader_list, meetings, history, seed)
        if year_total([*history, *alternative]) < total:
            return alternative
    return plan


def _prime_power(q: int) -> tuple[int, int] | None:
    """``(p, e)`` with ``q == p ** e`` for a prime ``p``, else None."""
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    e, rest = 0, q
    while rest % p == 0:
        rest //= p
        e += 1
    return (p, e) if rest == 1 else None


@functools.lru_cache(maxsize=16)
def _field(q: int) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]] | None:
    """The addition and multiplication tables of the finite field with ``q`` elements
    (``0..q-1``: the coefficients of a polynomial over ``Z_p``, base ``p``), or None when
    ``q`` is not a prime power (then there is no such field)."""
    pe = _prime_power(q)
    if pe is None:
        return None
    p, e = pe

    def digits(a: int) -> list[int]:
        return [(a // p**i) % p for i in range(e)]

    def number(ds: Sequence[int]) -> int:
        return sum((d % p) * p**i for i, d in enumerate(ds))

    add = tuple(
        tuple(number([x + y for x, y in zip(digits(a), digits(b), strict=True)]) for b in range(q))
        for a in range(q)
    )
    for low in range(p**e):  # the modulus x^e + (low's digits): the first irreducible one
        f = digits(low)

        def times(a: int, b: int, f=f) -> int:
            product = [0] * (2 * e - 1)
            for i, x in enumerate(digits(a)):
                for j, y in enumerate(digits(b)):
                    product[i + j] += x * y
            for top in range(2 * e - 2, e - 1, -1):  # x^e = -(f's terms)
                c = product[top] % p
                product[top] = 0
                for j in range(e):
                    product[top - e + j] -= c * f[j]
            return number(product[:e])

        mul = tuple(tuple(times(a, b) for b in range(q)) for a in range(q))
        if all(sorted(mul[a][1:]) == list(range(1, q)) for a in range(1, q)):
            return add, mul
    return None  # not reached: every finite field has an irreducible modulus


def _affine_plan(
    participants: list[int], leaders: list[int], meetings: int, seed: int
) -> list[list[list[int]]] | None:
    """A year in which nobody shares a group with anyone twice, when the number of groups
    ``k`` is a prime power, there are at most ``k * k`` people and at most ``k`` meetings;
    else None.

    The plane over the field with ``k`` elements: everyone is a point ``(x, y)``, the
    leaders the column ``x = 0`` (leader ``g`` at ``(0, g)``), the participants fill the
    columns ``x = 1, 2, ...`` in turn. Meeting ``s`` puts ``(x, y)`` in the group of the
    line ``y = s * x + b`` through it, the leader ``(0, b)``'s group. Two points share one
    line only, of one slope: no pair meets twice, nor do two leaders or two people of one
    column ever meet. Every line crosses every column once, so the groups differ in size by
    one at most. ``seed`` (not 0) shuffles who stands on which point."""
    k = len(leaders)
    if meetings > k or k + len(participants) > k * k:
        return None
    field = _field(k)
    if field is None:
        return None
    add, mul = field
    negative = [add[a].index(0) for a in range(k)]
    order = list(participants)
    if seed:
        random.Random(seed).shuffle(order)
    points = [(1 + i // k, i % k, pid) for i, pid in enumerate(order)]
    plan = []
    for slope in range(meetings):
        groups: list[list[int]] = [[] for _ in leaders]
        for x, y, pid in points:
            groups[add[y][negative[mul[slope][x]]]].append(pid)
        plan.append(
            [[leader, *sorted(group)] for leader, group in zip(leaders, groups, strict=True)]
        )
    return plan


def _meeting_by_meeting(
    participants: list[int],
    leaders: list[int],
    meetings: int,
    history: Sequence[Meeting],
    seed: int,
) -> list[list[list[int]]]:
    """The meetings composed one after another, each after the ones before it
    (:func:`meetings.grouping.compose_groups`, as without a year plan). For some teams (60
    people in 8 groups) the planner's capped search ends above what this gives; the year
    plan keeps the better of the two."""
    from meetings.grouping import compose_groups

    done = [list(meeting) for meeting in history]
    planned = []
    for _ in range(meetings):
        groups = compose_groups(participants, leaders, history=done, seed=seed)
        planned.append(groups)
        done.append(groups)
    return planned


class _Planner:
    """People ``0..k-1`` are the leaders (person ``g`` heads group ``g``), ``k..n-1`` the
    participants. ``lam[a][b]``: meetings (history and plan) in which ``a`` and ``b``
    share a group."""

    def __init__(
        self, people: list[int], k: int, meetings: int, history: Sequence[Meeting]
    ) -> None:
        n = len(people)
        self.n, self.k, self.m = n, k, meetings
        self.q, self.r = _sizes(n, k)
        index = {pid: i for i, pid in enumerate(people)}
        lam = [[0] * n for _ in range(n)]
        partitions = []
        for meeting in history:
            seen: set[tuple[int, int]] = set()
            groups = [sorted({index[p] for p in group if p in index}) for group in meeting]
            groups = [members for members in groups if members]
            for members in groups:
                seen.update(combinations(members, 2))
            for a, b in seen:
                lam[a][b] += 1
                lam[b][a] += 1
            if sum(map(len, groups)) == len({x for members in groups for x in members}):
                partitions.append(groups)
        self.lam = lam
        self.partitions = partitions

    def lower_bound(self) -> int:
        """Least year total given the history: its own repeats, plus for every planned
        meeting the least it must repeat from each earlier meeting
        (:func:`meetings.grouping.meeting_bound`), plus the least between every two
        planned meetings."""
        from meetings.grouping import meeting_bound

        n, k, m, lam = self.n, self.k, self.m, self.lam
        fixed = sum(lam[a][b] * (lam[a][b] - 1) // 2 for a in range(n) for b in range(a + 1, n))
        cross = sum(meeting_bound(n, k, groups) for groups in self.partitions)
        planned = m * (m - 1) // 2 * _meeting_pair_bound(n, k)
        return fixed + m * cross + planned

    def _initial(self) -> list[list[int]]:
        """Greedy, meeting after meeting: each participant (in turn) into the group with
        room where they met the fewest people so far."""
        n, k, q, r, lam = self.n, self.k, self.q, self.r, self.lam
        plan = []
        for t in range(self.m):
            grp = list(range(k)) + [-1] * (n - k)
            size = [1] * k
            big = 0
            inc = [[lam[p][g] for g in range(k)] for p in range(n)]
            order = list(range(k, n))
            # rotate so that different meetings start with different people
            shift = (t * (n - k)) // max(1, self.m)
            order = order[shift:] + order[:shift]
            for p in order:
                best_g = -1
                best_v = None
                for g in range(k):
                    if size[g] > q or (size[g] == q and big >= r):
                        continue
                    v = (inc[p][g], size[g], g)
                    if best_v is None or v < best_v:
                        best_v, best_g = v, g
                g = best_g
                grp[p] = g
                size[g] += 1
                if size[g] == q + 1:
                    big += 1
                row = lam[p]
                for x in range(n):
                    if row[x]:
                        inc[x][g] += row[x]
            # commit this meeting's pairs
            members: list[list[int]] = [[] for _ in range(k)]
            for i in range(n):
                members[grp[i]].append(i)
            for group in members:
                for a, b in combinations(group, 2):
                    lam[a][b] += 1
                    lam[b][a] += 1
            plan.append(grp)
        return plan

    def solve(self, rng: random.Random, target: int, max_evals: int) -> list[list[int]]:
        n, k, q, r, m = self.n, self.k, self.q, self.r, self.m
        lam = self.lam  # history counts; _initial adds the planned meetings
        plan = self._initial()
        members = [[[] for _ in range(k)] for _ in range(m)]
        for t in range(m):
            for i in range(n):
                members[t][plan[t][i]].append(i)
        # S[t][p][g] = sum of lam[p][x] over x in group g of meeting t
        S = [[[0] * k for _ in range(n)] for _ in range(m)]
        for t in range(m):
            grp = plan[t]
            St = S[t]
            for p in range(n):
                row, sp = lam[p], St[p]
                for x in range(n):
                    if row[x]:
                        sp[grp[x]] += row[x]
        value = 0
        for a in range(n):
            for b in range(a + 1, n):
                v = lam[a][b]
                value += v * (v - 1) // 2
        best_value = value
        best = [g[:] for g in plan]

        def change_pair(a: int, b: int, d: int) -> None:
            lam[a][b] += d
            lam[b][a] += d
            for t2 in range(m):
                g2 = plan[t2]
                S[t2][a][g2[b]] += d
                S[t2][b][g2[a]] += d

        def move(t: int, p: int, b: int) -> None:
            """Move participant p to group b in meeting t."""
            grp = plan[t]
            a = grp[p]
            St = S[t]
            row = lam[p]
            for z in range(n):
                lz = row[z]
                if lz:
                    sz = St[z]
                    sz[a] -= lz
                    sz[b] += lz
            members[t][a].remove(p)
            grp[p] = b
            for x in members[t][a]:
                change_pair(p, x, -1)
            for y in members[t][b]:
                change_pair(p, y, 1)
            members[t][b].append(p)

        evals = 0
        total = max_evals
        t_hi, t_lo = _T_START, _T_END
        ratio = t_lo / t_hi
        step = 0
        m_range = m
        np_ = n - k
        rand = rng.random
        randrange = rng.randrange
        exp = math.exp
        conflicted: list[tuple[int, int]] = []
        best_at = 0
        while value > target and evals < total and evals - best_at < _STALL_EVALS:
            step += 1
            if step % _REFRESH == 1:
                temp = t_hi * ratio ** (evals / total)
                conflicted = [
                    (t, p)
                    for t in range(m)
                    for p in range(k, n)
                    if S[t][p][plan[t][p]] > len(members[t][plan[t][p]]) - 1
                ]
                evals += m * np_ // 8
            if conflicted and rand() < _FOCUS:
                t, p = conflicted[randrange(len(conflicted))]
            else:
                t = randrange(m_range)
                p = k + randrange(np_)
            grp = plan[t]
            St = S[t]
            a = grp[p]
            sp = St[p]
            size_a = len(members[t][a])
            evals += 1
            if r and size_a == q + 1 and rand() < 0.2:
                b = randrange(k)
                if len(members[t][b]) != q:
                    continue
                d = sp[b] - sp[a] + size_a - 1
                qq = -1
            else:
                qq = k + randrange(np_)
                b = grp[qq]
                if b == a:
                    continue
                sq = St[qq]
                d = sq[a] + sp[b] - 2 * lam[p][qq] - sp[a] - sq[b] + size_a + len(members[t][b]) - 2
            if d > 0 and rand() >= exp(-d / temp):
                continue
            move(t, p, b)
            if qq >= 0:
                move(t, qq, a)
            evals += (q + 1) * m
            value += d
            if value < best_value:
                best_value = value
                best = [g[:] for g in plan]
                best_at = evals
        self.value = best_value
        return best
