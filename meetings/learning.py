"""When a person is asked to look back on their learning question (leervraag): pure rules,
no ORM.

The module looks at the learning questions in meeting 6, the evaluation meeting. The prompt
"Kijk terug op je leervraag" shows from two weeks before meeting 6 until the school year ends,
so a person can write their short reflection before, during or just after the meeting.
"""

from __future__ import annotations

import datetime

#: How long before meeting 6 the prompt to look back starts.
REFLECTION_LEAD = datetime.timedelta(days=14)


def reflection_open(
    *, evaluation_day: datetime.date | None, last_day: datetime.date, today: datetime.date
) -> bool:
    """Whether the look back on the learning question is asked for today: from two weeks
    before meeting 6 (`evaluation_day`) to the year's last day. A year without a meeting 6
    asks for it in its last two weeks."""
    start = (evaluation_day or last_day) - REFLECTION_LEAD
    return start <= today <= last_day
