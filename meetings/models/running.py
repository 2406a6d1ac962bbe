"""Preparing and running a theme meeting: the phase card, attendance, small groups, notes.

Dutch words kept where they are the users' own: a werkcasus (case) is a real work problem
that a teacher (the inbrenger) brings in; the fase-6 verslag is the meeting's report.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from meetings import attendance as attendance_rule
from meetings import phase_card, run_cache
from meetings.models.planning import Meeting
from plg.models import Team
from plg.prepared import Prepared

FIRST_PHASE, LAST_PHASE = 0, 6
PROJECTOR_GRACE = datetime.timedelta(hours=2)
GROUP_PHASES = (1, 2, 3, 4, 5)
#: Shown where a person was named whose account has since been removed.
REMOVED_PERSON = _("(removed)")


class PhaseForm(models.TextChoices):
    PLENARY = "plenary", _("plenary")
    GROUPS = "groups", _("small groups")


class PhaseCard(models.Model):
    """The "Tool fase 0 t/m 6". The card without a team is the default the product ships;
    a team gets its own copy the first time it is needed and may edit it."""

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="phase_card"
    )
    break_minutes = models.PositiveSmallIntegerField(
        _("break (minutes)"), default=15, validators=[MaxValueValidator(60)]
    )
    break_after_phase = models.PositiveSmallIntegerField(
        _("break after phase"), default=2, validators=[MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("phase card")
        verbose_name_plural = _("phase cards")

    def __str__(self) -> str:
        return str(self.team) if self.team_id else str(_("Default phase card"))

    @classmethod
    def for_team(cls, team: Team) -> PhaseCard:
        """The card the team works with, to read: its own, else the default. Writes nothing
        (the team's copy is made by `own_card` when the team first changes it)."""
        card = (
            cls.objects.filter(models.Q(team=team) | models.Q(team__isnull=True))
            .order_by(F("team").asc(nulls_last=True))
            .first()
        )
        return card if card is not None else cls.default()

    @classmethod
    def phases_for_team(cls, team: Team) -> list[Phase]:
        """The phases of `for_team`'s card, in order, in one query (the run view, the group
        page and the projector read them on every request): the team's own card's when it
        has one with phases, else the default's."""
        rows = _PHASES_FOR_TEAM(team=team.pk)
        own = [p for p in rows if p.card_team is not None]
        shipped = [p for p in rows if p.card_team is None]
        return own or shipped or list(cls.for_team(team).phases.all())

    @classmethod
    def own_card(cls, team: Team) -> PhaseCard:
        """The team's own card to edit, copied from the default the first time."""
        card = cls.objects.filter(team=team).first()
        if card is not None:
            return card
        with transaction.atomic():
            default = cls.default()
            card = cls.objects.create(
                team=team,
                break_minutes=default.break_minutes,
                break_after_phase=default.break_after_phase,
            )
            Phase.objects.bulk_create(
                Phase(card=card, **{f: getattr(p, f) for f in PHASE_CONTENT})
                for p in default.phases.all()
            )
        return card

    @classmethod
    @transaction.atomic
    def save_for_team(cls, team: Team, *, card: dict, phases: dict[int, dict]) -> PhaseCard:
        """Save the edited card (its fields, and per phase number the phase's fields) as the
        team's own card, which is made first when the team had none."""
        own = cls.own_card(team)
        for field, value in card.items():
            setattr(own, field, value)
        own.save()
        for phase in own.phases.all():
            for field, value in phases.get(phase.number, {}).items():
                setattr(phase, field, value)
            phase.save()
        return own

    @classmethod
    def default(cls) -> PhaseCard:
        """The card the product ships, made by migration 0004 from meetings/phase_card.py;
        made again from the same source if a test flushed the database."""
        card = cls.objects.prefetch_related("phases").filter(team__isnull=True).first()
        if card is not None:
            return card
        card = cls.objects.create(team=None, **phase_card.default_card_fields())
        Phase.objects.bulk_create(
            Phase(card=card, **row) for row in phase_card.default_phase_rows()
        )
        return card

    @property
    def total_minutes(self) -> int:
        return sum(p.minutes for p in self.phases.all()) + self.break_minutes


#: What a phase says (everything but its card): what a team's copy takes over.
PHASE_CONTENT = ("number", "name", "purpose", "questions", "form", "minutes")


#: PhaseCard.phases_for_team's query, compiled once (plg/prepared.py).
_PHASES_FOR_TEAM = Prepared(
    lambda team: (
        Phase.objects.filter(models.Q(card__team_id=team) | models.Q(card__team__isnull=True))
        .annotate(card_team=F("card__team"))
        .order_by("number")
    ),
    team=int,
)


class Phase(models.Model):
    card = models.ForeignKey(PhaseCard, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(
        _("phase"), validators=[MinValueValidator(FIRST_PHASE), MaxValueValidator(LAST_PHASE)]
    )
    name = models.CharField(_("name"), max_length=80)
    purpose = models.TextField(_("purpose"))
    questions = models.TextField(_("guiding questions"), help_text=_("One question per line."))
    form = models.CharField(_("form"), max_length=10, choices=PhaseForm.choices)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        ordering = ["card", "number"]
        constraints = [
            models.UniqueConstraint(fields=["card", "number"], name="one_phase_number_per_card")
        ]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    def sourced_questions(self) -> list[SourcedQuestion]:
        """The guiding questions with where each comes from (meetings/phase_card.py)."""
        return [
            SourcedQuestion(q, phase_card.question_source(self.number, q))
            for q in self.question_list()
        ]

    def purpose_sources(self) -> tuple[str, ...]:
        """The module's sources of this phase's text (none for a phase the module leaves
        open)."""
        return phase_card.PURPOSE_SOURCES.get(self.number, ())


@dataclass(frozen=True)
class SourcedQuestion:
    """A guiding question and its source: a name the module cites, phase_card.ADDED for the
    product's own question, None for one the team wrote."""

    text: str
    source: str | None

    @property
    def added(self) -> bool:
        return self.source == phase_card.ADDED


@dataclass(frozen=True)
class Step:
    """One step of a running meeting: a phase, or the break between two phases."""

    index: int
    phase: Phase | None
    minutes: int

    @property
    def is_break(self) -> bool:
        return self.phase is None


@dataclass(frozen=True)
class TimerState:
    """Time used against the plan, for the current step and for the whole meeting."""

    step_seconds: int
    step_planned: int
    total_seconds: int
    total_planned: int
    running: bool

    @property
    def step_over(self) -> bool:
        return self.step_seconds > self.step_planned

    @property
    def total_over(self) -> bool:
        return self.total_seconds > self.total_planned


def new_projector_token() -> str:
    return secrets.token_urlsafe(24)


class Phase0Format(models.TextChoices):
    GUEST_SPEAKER = "guest_speaker", _("guest speaker")
    DOCUMENTARY = "documentary", _("documentary")
    ARTICLE = "article", _("article")
    PRESENTATION = "presentation", _("a colleague's presentation")
    WORKSHOP = "workshop", _("workshop")


class MeetingRun(models.Model):
    """How a meeting is prepared and run: the phase 0 plan, the minutes per phase, and the
    live state (current step and timer) that every laptop and the projector read."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("being prepared")
        RUNNING = "running", _("running")
        CLOSED = "closed", _("closed")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="run")
    phase0_format = models.CharField(
        _("format of phase 0"), max_length=20, choices=Phase0Format.choices, blank=True
    )
    phase0_who = models.CharField(_("who"), max_length=200, blank=True)
    phase0_what = models.TextField(_("what"), blank=True)
    phase0_links = models.TextField(_("links"), blank=True, help_text=_("One link per line."))
    phase_minutes = models.JSONField(_("minutes per phase"), default=dict)
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=15)
    break_after_phase = models.PositiveSmallIntegerField(default=2)
    group_leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("group leaders")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARING)
    current_step = models.PositiveSmallIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    step_started_at = models.DateTimeField(null=True, blank=True)
    step_seconds = models.JSONField(default=dict)
    state_version = models.PositiveIntegerField(default=0)
    projector_token = models.CharField(max_length=64, unique=True, default=new_projector_token)
    intro_checklist = models.JSONField(
        _("agenda items done (meetings 1 and 6)"), default=list, blank=True
    )
    #: Meeting 6, the evaluatiebijeenkomst: the year's successes presented, and the look
    #: ahead to the next school year (they go into the year bundle).
    successes = models.TextField(_("successes of the year"), blank=True)
    look_ahead = models.TextField(_("looking ahead to next school year"), blank=True)
    #: When the preparers told the team its groups before the meeting (None: not yet;
    #: everyone sees their group from the start of the meeting anyway).
    groups_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting run")
        verbose_name_plural = _("meeting runs")

    def __str__(self) -> str:
        return str(self.meeting)

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The polls answer from the cache: tell it (after the commit) what is now stored.
        run_cache.publish(self)

    # --- the plan --------------------------------------------------------------------------

    @property
    def phase0_link_list(self) -> list[str]:
        """The phase 0 material links, one per line (RunPlanForm keeps only http(s) ones)."""
        return [line.strip() for line in self.phase0_links.splitlines() if line.strip()]

    @property
    def has_phase0_plan(self) -> bool:
        return bool(self.phase0_format or self.phase0_who or self.phase0_what or self.phase0_links)

    def steps(self, phases: list[Phase]) -> list[Step]:
        """Phases 0–6 in order with the break after `break_after_phase`."""
        steps: list[Step] = []
        for phase in sorted(phases, key=lambda p: p.number):
            minutes = int(self.phase_minutes.get(str(phase.number), phase.minutes))
            steps.append(Step(len(steps), phase, minutes))
            if phase.number == self.break_after_phase and self.break_minutes:
                steps.append(Step(len(steps), None, self.break_minutes))
        return steps

    # --- the live state --------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def _bank_current_step(self, now: datetime.datetime) -> None:
        if self.current_step is None or self.step_started_at is None:
            return
        key = str(self.current_step)
        spent = (now - self.step_started_at).total_seconds()
        self.step_seconds[key] = self.step_seconds.get(key, 0) + max(0, round(spent))
        self.step_started_at = now

    def go_to_step(self, index: int, *, step_count: int, now: datetime.datetime) -> None:
        """Move to a step; the time spent so far stays with the step it was spent in, so
        going back after an accidental "next" loses nothing."""
        index = max(0, min(index, step_count - 1))
        if self.status == self.Status.PREPARING:
            self.status = self.Status.RUNNING
            self.started_at = now
        self._bank_current_step(now)
        self.current_step = index
        self.step_started_at = now
        self.state_version += 1
        self.save()

    def step_from(
        self, action: str, shown: int | None, *, step_count: int, now: datetime.datetime
    ) -> bool:
        """Start, next or previous, pressed on a screen that showed step `shown` (None: not
        started yet). The step is taken relative to what that screen showed, so a double
        click or a second laptop that is behind cannot skip a phase: when the run has moved
        on since, nothing changes and this answers False."""
        if shown != self.current_step:
            return False
        if action == "start" and shown is None:
            target = 0
        elif action == "next" and shown is not None:
            target = shown + 1
        elif action == "previous" and shown is not None:
            target = shown - 1
        else:
            return False
        if not 0 <= target < step_count:
            return False
        self.go_to_step(target, step_count=step_count, now=now)
        return True

    def close(self, *, now: datetime.datetime) -> None:
        self._bank_current_step(now)
        self.status = self.Status.CLOSED
        self.ended_at = now
        self.step_started_at = None
        self.state_version += 1
        self.save()

    def bump(self) -> None:
        """Tell the projector and other laptops that something they show has changed."""
        MeetingRun.objects.filter(pk=self.pk).update(state_version=F("state_version") + 1)
        self.refresh_from_db(fields=["state_version", "projector_token", "ended_at"])
        run_cache.publish(self)

    def seconds_in_step(self, index: int, now: datetime.datetime) -> int:
        seconds = self.step_seconds.get(str(index), 0)
        if self.is_running and index == self.current_step and self.step_started_at:
            seconds += max(0, round((now - self.step_started_at).total_seconds()))
        return seconds

    def current(self, steps: list[Step]) -> Step | None:
        if self.current_step is None or not steps:
            return None
        return steps[min(self.current_step, len(steps) - 1)]

    def timer(self, steps: list[Step], now: datetime.datetime) -> TimerState:
        current = self.current(steps)
        return TimerState(
            step_seconds=self.seconds_in_step(current.index, now) if current else 0,
            step_planned=current.minutes * 60 if current else 0,
            total_seconds=self.seconds_total(now),
            total_planned=sum(step.minutes for step in steps) * 60,
            running=self.is_running,
        )

    def projector_link_valid(self, now: datetime.datetime) -> bool:
        """The projector link works until two hours after the meeting was closed."""
        return self.ended_at is None or now - self.ended_at < PROJECTOR_GRACE

    def projector_link_expires_at(self) -> datetime.datetime | None:
        return self.ended_at + PROJECTOR_GRACE if self.ended_at else None

    def seconds_total(self, now: datetime.datetime) -> int:
        if self.started_at is None:
            return 0
        end = self.ended_at or now
        return max(0, round((end - self.started_at).total_seconds()))


class AttendanceStatus(models.TextChoices):
    PRESENT = attendance_rule.PRESENT, _("present")
    EXCUSED = attendance_rule.EXCUSED, _("excused")
    ABSENT = attendance_rule.ABSENT, _("absent")
    NOT_RECORDED = attendance_rule.NOT_RECORDED, _("not recorded")


class AttendanceQuerySet(models.QuerySet["Attendance"]):
    def excused(self) -> AttendanceQuerySet:
        return self.filter(status=AttendanceStatus.EXCUSED)


class Attendance(models.Model):
    """One person's attendance at one meeting (meetings/attendance.py has the rule).

    An afmelding agreed with the team leader (attendance is compulsory otherwise) is the
    status `excused` with its reason; the attendance check sets present or absent. When the
    meeting is closed every expected person has a row (`Meeting.attendance_fixed`), so the
    rows are then who was expected, whatever happens to the team later.
    """

    Status = AttendanceStatus

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_RECORDED
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_meeting")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}"


class Case(models.Model):
    """A werkcasus: a real work problem with a question, brought in by its owner (the
    inbrenger). Sensitive: only the owner, the meeting's preparers and the leader of the
    group that discusses it may read it."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="cases")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    theme = models.ForeignKey(
        "meetings.Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases"
    )
    title = models.CharField(_("title"), max_length=160)
    situation = models.TextField(_("situation"), blank=True)
    question = models.TextField(_("question"), blank=True)
    may_quote = models.BooleanField(_("may be quoted in the published report"), default=False)
    #: The owner's learning question this case belongs to (optional; only the owner sets it).
    learning_question = models.ForeignKey(
        "meetings.LearningQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("my learning question"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: When `purge_cases` deleted the situation and question after the team's retention
    #: period; the case itself (title, owner, meeting) stays for the history.
    texts_removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title


class SmallGroup(models.Model):
    """A gespreksgroep for phases 1–5, led by a development-team member."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("group"))
    #: None when the leader's account was removed: the group and its notes stay.
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="led_groups"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="small_groups"
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="groups"
    )
    #: Where the group sits in phases 1–5; empty: the meeting's own room.
    room = models.CharField(_("room"), max_length=80, blank=True)
    answer_score = models.PositiveSmallIntegerField(
        _("how far is the question answered (0–10)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
    )

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_group_number")
        ]
        verbose_name = _("small group")
        verbose_name_plural = _("small groups")

    def __str__(self) -> str:
        return _("Group %(number)s") % {"number": self.number}

    @property
    def leader_name(self) -> str:
        """The leader's name, or "(removed)" when their account was removed."""
        return str(self.leader) if self.leader_id else str(REMOVED_PERSON)

    @property
    def where(self) -> str:
        """The group's room, else the meeting's."""
        return self.room or self.meeting.room

    def people_ids(self) -> list[int]:
        """The leader (while their account exists) and the members, by id."""
        ids = [self.leader_id] if self.leader_id else []
        return ids + [m.pk for m in self.members.all()]


class GroupNote(models.Model):
    """The group leader's notes of one phase. `version` rises with every save, so a save
    based on an older version is refused instead of overwriting someone else's text."""

    group = models.ForeignKey(SmallGroup, on_delete=models.CASCADE, related_name="notes")
    phase = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(GROUP_PHASES[0]), MaxValueValidator(GROUP_PHASES[-1])]
    )
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["group", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["group", "phase"], name="one_note_per_group_phase")
        ]
        verbose_name = _("group note")
        verbose_name_plural = _("group notes")

    def __str__(self) -> str:
        return f"{self.group} – {self.phase}"


class FirstStep(models.Model):
    """A first small step (phase 5): who does what. It follows its owner to their dashboard
    until it is done."""

    group = models.ForeignKey(SmallGroup, on_delete=models.CASCADE, related_name="first_steps")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="first_steps"
    )
    what = models.TextField(_("what"))
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The owner's learning question this step works on (optional; only the owner sets it).
    learning_question = models.ForeignKey(
        "meetings.LearningQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="first_steps",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("first step")
        verbose_name_plural = _("first steps")

    def __str__(self) -> str:
        return self.what[:60]


@receiver(post_delete, sender=MeetingRun)
def _forget_run_state(sender, instance: MeetingRun, **kwargs) -> None:
    run_cache.forget(instance.meeting_id)
