"""People and teams.

A Team (docententeam) runs the yearly cycle; a Membership gives a person a role in one team.
Dutch role names are the users' own words: teamleider, ontwikkelteam (the development team
that prepares and leads the meetings) and teamlid.
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plg.signals import membership_changing


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str) -> User:
        # Addresses are stored in lower case; people type them with capitals (phones do).
        # No address is longer than the column: a 100,000-character "user name" on the login
        # page is no one (and would be a LIKE pattern too complex for SQLite), as is one with
        # a NUL byte (PostgreSQL refuses it in text).
        max_length = self.model._meta.get_field("email").max_length
        if not email or len(email) > max_length or "\x00" in email:
            raise self.model.DoesNotExist
        return self.get(email__iexact=email)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in with their e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.shown_name(self.first_name, self.last_name, self.email)

    @staticmethod
    def shown_name(first_name: str, last_name: str, email: str) -> str:
        """How a person is named on the pages: the full name, else the e-mail address (also
        for rows read without a User, as the year review's first steps)."""
        return f"{first_name} {last_name}".strip() or email


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class Region(models.TextChoices):
    """The three regions of the official Dutch school holidays."""

    NORTH = "noord", _("North")
    MIDDLE = "midden", _("Middle")
    SOUTH = "zuid", _("South")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in web addresses"), max_length=60, unique=True)
    school = models.CharField(_("school"), max_length=120, blank=True)
    region = models.CharField(
        _("holiday region"), max_length=10, choices=Region.choices, default=Region.MIDDLE
    )
    default_weekday = models.PositiveSmallIntegerField(
        _("default weekday"),
        choices=Weekday.choices,
        default=Weekday.TUESDAY,
        validators=[MaxValueValidator(4)],
    )
    default_start_time = models.TimeField(_("default start time"), default=datetime.time(14, 30))
    default_room = models.CharField(_("default room"), max_length=80, blank=True)
    # The jaartaak: hours per school year for the meeting cycle (meetings/hours.py).
    hours_developer_preparation = models.PositiveSmallIntegerField(
        _("preparation hours per year (development team)"), default=5, db_default=5
    )
    hours_developer_participation = models.PositiveSmallIntegerField(
        _("participation hours per year (development team)"), default=15, db_default=15
    )
    hours_member_participation = models.PositiveSmallIntegerField(
        _("participation hours per year (other members)"), default=15, db_default=15
    )
    case_retention_years = models.PositiveSmallIntegerField(
        _("keep case texts for (school years after the case's own)"),
        default=2,
        db_default=2,  # rows written by older code (a migration test) get it too
        validators=[MaxValueValidator(10)],
        help_text=_(
            "The situation and question of a case are deleted at the end of this many school "
            "years after the school year of the case (2: the end of the school year after next)."
        ),
    )
    evaluation_open_hours = models.PositiveSmallIntegerField(
        _("evaluation open until (hours after the meeting)"),
        default=48,
        db_default=48,  # rows written without the field (older code, migration tests) get it
        validators=[MaxValueValidator(24 * 14)],
        help_text=_(
            "The phase 6 evaluation opens when the meeting starts and closes this many hours "
            "after it ended."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    TEAM_LEADER = "teamleider", _("team leader")
    DEVELOPER = "ontwikkelteam", _("development team")
    TEACHER = "teamlid", _("team member")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)

    def for_team(self, team: Team) -> MembershipQuerySet:
        return self.filter(team=team)

    def developers(self) -> MembershipQuerySet:
        return self.filter(role=Role.DEVELOPER)


class Membership(models.Model):
    """A person's place in a team. Deactivated, never deleted, so the history stays."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TEACHER)
    is_active = models.BooleanField(_("active"), default=True)
    started_on = models.DateField(_("member since"), default=timezone.localdate)
    ended_on = models.DateField(_("member until"), null=True, blank=True)
    is_teacher_leader = models.BooleanField(
        _("teacher leader"),
        default=False,
        db_default=False,  # rows written without it (migration tests of older states)
        help_text=_("One of the two teacher leaders who lead the PLG (the development team)."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.team})"

    @property
    def is_leader(self) -> bool:
        return self.role == Role.TEAM_LEADER

    @property
    def is_developer(self) -> bool:
        return self.role == Role.DEVELOPER

    def change_role(self, role: str, *, by: User | None = None) -> None:
        if role == self.role:
            return
        membership_changing.send(sender=Membership, team_id=self.team_id)
        MembershipEvent.objects.create(
            membership=self,
            by=by,
            kind=MembershipEvent.Kind.ROLE,
            old_role=self.role,
            new_role=role,
        )
        self.role = role
        # Teacher leaders lead the PLG, which is the development team.
        self.is_teacher_leader = self.is_teacher_leader and role == Role.DEVELOPER
        self.save(update_fields=["role", "is_teacher_leader"])

    def set_teacher_leader(self, value: bool) -> None:
        """Mark (or unmark) this development-team member as a teacher leader of the PLG.
        Raises ValueError (Dutch) for someone outside the development team."""
        if value and not self.is_developer:
            raise ValueError(
                _("Only members of the development team can be teacher leaders of the PLG.")
            )
        if value != self.is_teacher_leader:
            self.is_teacher_leader = value
            self.save(update_fields=["is_teacher_leader"])

    def deactivate(self, *, by: User | None = None) -> None:
        if not self.is_active:
            return
        membership_changing.send(sender=Membership, team_id=self.team_id)
        self.is_active = False
        self.ended_on = timezone.localdate()
        self.save(update_fields=["is_active", "ended_on"])
        MembershipEvent.objects.create(
            membership=self, by=by, kind=MembershipEvent.Kind.DEACTIVATED, old_role=self.role
        )

    def reactivate(self, *, by: User | None = None) -> None:
        if self.is_active:
            return
        membership_changing.send(sender=Membership, team_id=self.team_id)
        self.is_active = True
        self.ended_on = None
        self.save(update_fields=["is_active", "ended_on"])
        MembershipEvent.objects.create(
            membership=self, by=by, kind=MembershipEvent.Kind.REACTIVATED, new_role=self.role
        )


class MembershipEvent(models.Model):
    """What happened to a membership and who did it: the history a team leader can look back on."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("added to the team")
        ROLE = "role", _("role changed")
        DEACTIVATED = "deactivated", _("deactivated")
        REACTIVATED = "reactivated", _("reactivated")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    old_role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    new_role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")

    def __str__(self) -> str:
        return f"{self.membership}: {self.get_kind_display()}"


#: How long an invitation's link works; sending it again starts a new period.
INVITATION_DAYS = 14


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True)


class Invitation(models.Model):
    """A team leader's invitation to join the team, accepted by the person themselves.

    Holds only what the leader typed (the address, the name, the role): it never shows or
    changes anything of an account that may already have that address. The person joins
    when they accept, logged in with that address."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TEACHER)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["first_name", "last_name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="one_pending_invitation_per_address",
            ),
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.team})"

    @property
    def name(self) -> str:
        """The name as the team leader typed it."""
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=INVITATION_DAYS)

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        return self.accepted_at is None and (now or timezone.now()) < self.expires_at


class AuditEntry(models.Model):
    """One thing done with something sensitive, or an attempt: metadata only, never the text.

    Written from one place (plg/audit.py); the team leader reads the team's entries on the
    Logboek page; `manage.py purge_audit` removes entries older than AUDIT_RETENTION_DAYS.
    """

    class Action(models.TextChoices):
        READ = "read", _("read")
        CHANGE = "change", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        REFUSED = "refused", _("access refused")
        ANONYMISE = "anonymise", _("anonymised")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    ip = models.CharField(_("network (IP address, truncated)"), max_length=45, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id or ''}"

    @property
    def object_type_display(self) -> str:
        """The kind of object in the user's words (a refused request names its page)."""
        names = {
            "case": _("case"),
            "report": _("report"),
            "schoolyear": _("school year"),
            "membership": _("membership"),
        }
        return names.get(self.object_type, self.object_type)
