"""Benchmark for meetings.grouping.compose_groups and the year plan (no Django needed).

Run from the project root:  .venv/bin/python bench/bench_grouping.py [--reps N] [--calls N]

1. Per meeting: for teams of 15, 30 and 60 people it composes five earlier meetings with
   the function itself (each with the earlier ones as history), then times the sixth
   meeting: the median wall time over a few repetitions and its repeated-pair cost, next
   to the lower bound the solver proves and a naive round-robin baseline.
2. The year: for teams of 20 (4 leaders), 40 (6), 60 (8) and 68 (10) people, the year
   total of repeated pairs over five meetings planned at once (meetings.yeargrouping.
   plan_year), beside the counting lower bound and today's per-meeting method (five
   meetings composed one after the other, each against the earlier ones).
3. Every call: for 68 people, compose_groups and adjust_groups following the plan, with
   absences, latecomers, absent leaders and case owners drawn at random (seeded): the
   maximum and the median wall time over --calls calls (the target: every call under
   100 ms).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetings.grouping import _Problem, adjust_groups, compose_groups, repeated_pairs  # noqa: E402
from meetings.yeargrouping import _field, plan_year, year_lower_bound, year_total  # noqa: E402

# (people, leaders): groups of five to eight, as in the PLG teams
TEAMS = [(15, 3), (30, 4), (60, 8)]
EARLIER_MEETINGS = 5
# (people, leaders) for the year plan, and the team timed call by call
YEAR_TEAMS = [(20, 4), (40, 6), (60, 8), (68, 10)]
YEAR_MEETINGS = 5
CALL_TEAM = (68, 10)
CALL_TARGET_S = 0.100


def round_robin(participants: list[int], leaders: list[int]) -> list[list[int]]:
    groups = [[leader] for leader in leaders]
    for pos, pid in enumerate(participants):
        groups[pos % len(leaders)].append(pid)
    return groups


def median_time(func, reps: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(reps):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_team(people: int, k: int, reps: int) -> dict[str, object]:
    leaders = list(range(1, k + 1))
    participants = list(range(k + 1, people + 1))
    case_owners = set(range(k + 1, people + 1, 4))
    history: list[list[list[int]]] = []
    for meeting in range(EARLIER_MEETINGS):
        history.append(
            compose_groups(
                participants, leaders, history=history, case_owners=case_owners, seed=meeting
            )
        )
    history_costs = [repeated_pairs(history[m], history[:m]) for m in range(EARLIER_MEETINGS)]

    def solve():
        return compose_groups(
            participants, leaders, history=history, case_owners=case_owners, seed=0
        )

    t_solver, groups = median_time(solve, reps)
    t_base, base_groups = median_time(lambda: round_robin(participants, leaders), reps)

    problem = _Problem(leaders + participants, k, history, case_owners)
    problem.solve(0)
    scale = problem.weight_scale
    bound = (problem.lower_bound + problem.max_coverage) // scale
    return {
        "team": f"{people} ({k} groups)",
        "history": "/".join(map(str, history_costs)),
        "t_solver": t_solver,
        "cost": repeated_pairs(groups, history),
        "bound": bound,
        "proven": "yes" if problem.proven else "no",
        "t_base": t_base,
        "cost_base": repeated_pairs(base_groups, history),
    }


def per_meeting_year(people: int, k: int) -> tuple[int, float]:
    """Today's method: every meeting composed against the earlier ones."""
    leaders = list(range(1, k + 1))
    participants = list(range(k + 1, people + 1))
    history: list[list[list[int]]] = []
    start = time.perf_counter()
    for meeting in range(YEAR_MEETINGS):
        history.append(compose_groups(participants, leaders, history=history, seed=meeting))
    return year_total(history), time.perf_counter() - start


def bench_year(people: int, k: int) -> dict[str, object]:
    leaders = list(range(1, k + 1))
    participants = list(range(k + 1, people + 1))
    start = time.perf_counter()
    plan = plan_year(participants, leaders, YEAR_MEETINGS)
    t_plan = time.perf_counter() - start
    today, t_today = per_meeting_year(people, k)
    return {
        "team": f"{people} ({k} leaders)",
        "bound": year_lower_bound(people, k, YEAR_MEETINGS),
        "plan": year_total(plan),
        "t_plan": t_plan,
        "today": today,
        "t_today": t_today,
    }


def _why_above(k: int) -> str:
    if _field(k) is None:
        return (
            f"no schedule at the bound known ({k} groups: no finite plane of order {k}, "
            "see meetings/yeargrouping.py)"
        )
    return "no schedule at the bound known"


def bench_calls(calls: int) -> dict[str, object]:
    """compose_groups / adjust_groups with the plan, call by call, for CALL_TEAM."""
    people, k = CALL_TEAM
    leaders = list(range(1, k + 1))
    participants = list(range(k + 1, people + 1))
    plan = plan_year(participants, leaders, YEAR_MEETINGS)
    rng = random.Random(13)
    compose_times: list[float] = []
    adjust_times: list[float] = []
    for _ in range(calls):
        t = rng.randrange(YEAR_MEETINGS)
        absent = set(rng.sample(participants, rng.randrange(0, people // 5)))
        here = [p for p in participants if p not in absent]
        here += [1000 + i for i in range(rng.randrange(0, 3))]  # not in the plan
        leaders_here = [g for g in leaders if rng.random() > 0.1] or leaders[:1]
        owners = set(rng.sample(here, min(len(here), rng.randrange(0, 12))))
        start = time.perf_counter()
        compose_groups(here, leaders_here, history=plan[:t], case_owners=owners, plan=plan[t:])
        compose_times.append(time.perf_counter() - start)
        # the planned groups after a move by hand, fitted to who is here
        groups = [list(g) for g in plan[t]]
        mover = groups[0].pop()
        groups[-1].append(mover)
        start = time.perf_counter()
        adjust_groups(
            groups,
            set(here) | set(leaders_here),
            history=plan[:t],
            case_owners=owners,
            plan=plan[t:],
        )
        adjust_times.append(time.perf_counter() - start)
    return {
        "calls": calls,
        "compose_max": max(compose_times),
        "compose_median": statistics.median(compose_times),
        "adjust_max": max(adjust_times),
        "adjust_median": statistics.median(adjust_times),
    }


def main() -> list[tuple]:
    """Print the tables; return the targets as (name, target, measured, met, why) for
    `python -m bench`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions per timing")
    parser.add_argument("--calls", type=int, default=300, help="calls timed for 68 people")
    args = parser.parse_args()

    header = (
        f"{'team':<16}{'history cost':>14}{'median s':>10}{'cost':>6}{'bound':>7}"
        f"{'optimal':>9}{'round-robin s':>15}{'rr cost':>9}"
    )
    print(f"compose_groups, meeting 6 after {EARLIER_MEETINGS} earlier meetings")
    print(f"median of {args.reps} runs; history cost = repeats in meetings 1..5")
    print(header)
    print("-" * len(header))
    for people, k in TEAMS:
        row = bench_team(people, k, args.reps)
        print(
            f"{row['team']:<16}{row['history']:>14}{row['t_solver']:>10.3f}{row['cost']:>6}"
            f"{row['bound']:>7}{row['proven']:>9}{row['t_base']:>15.6f}{row['cost_base']:>9}"
        )

    targets: list[tuple] = []
    print()
    print(f"The year: repeated pairs over {YEAR_MEETINGS} meetings (sum of C(m, 2) over pairs)")
    header = (
        f"{'team':<18}{'lower bound':>12}{'year plan':>11}{'plan s':>8}"
        f"{'per meeting':>13}{'per meeting s':>15}"
    )
    print(header)
    print("-" * len(header))
    for people, k in YEAR_TEAMS:
        row = bench_year(people, k)
        print(
            f"{row['team']:<18}{row['bound']:>12}{row['plan']:>11}{row['t_plan']:>8.2f}"
            f"{row['today']:>13}{row['t_today']:>15.2f}"
        )
        met = row["plan"] == row["bound"]
        targets.append(
            (
                f"year of {row['team']}",
                f"= bound {row['bound']}",
                f"{row['plan']} (per meeting {row['today']})",
                met,
                "" if met else _why_above(k),
            )
        )

    calls = bench_calls(args.calls)
    people, k = CALL_TEAM
    print()
    print(f"Every call for {people} people ({k} leaders) following the plan, {calls['calls']}x")
    print(f"{'call':<16}{'max ms':>9}{'median ms':>11}")
    for name in ("compose", "adjust"):
        print(
            f"{name + '_groups':<16}{calls[name + '_max'] * 1000:>9.1f}"
            f"{calls[name + '_median'] * 1000:>11.1f}"
        )
        targets.append(
            (
                f"{name}_groups, {people} people, max of {calls['calls']}",
                f"< {CALL_TARGET_S * 1000:.0f} ms",
                f"{calls[name + '_max'] * 1000:.1f} ms",
                calls[name + "_max"] < CALL_TARGET_S,
                "",
            )
        )
    return targets


if __name__ == "__main__":
    main()
