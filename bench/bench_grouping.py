"""Benchmark for meetings.grouping.compose_groups (no Django needed).

Run from the project root:  .venv/bin/python bench/bench_grouping.py [--reps N]

For teams of 15, 30 and 60 people it composes five earlier meetings with the function
itself (each with the earlier ones as history), then times the sixth meeting: the median
wall time over a few repetitions and its repeated-pair cost, next to the lower bound the
solver proves and a naive round-robin baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetings.grouping import _Problem, compose_groups, repeated_pairs  # noqa: E402

# (people, leaders): groups of five to eight, as in the PLG teams
TEAMS = [(15, 3), (30, 4), (60, 8)]
EARLIER_MEETINGS = 5


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions per timing")
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


if __name__ == "__main__":
    main()
