from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings import schedule, school_holidays
from meetings.models import (
    PERIODS_PER_YEAR,
    Attendance,
    Holiday,
    Meeting,
    MeetingRun,
    Phase,
    PhaseCard,
    SchoolYear,
    SmallGroup,
    Theme,
)
from meetings.services import EXAMPLE_THEMES, attendance
from plg.models import Membership, Region, Team, User
from plg.params import (
    BoundedModelChoiceField,
    BoundedModelFormSet,
    BoundedModelMultipleChoiceField,
)
from plg.prepared import Prepared


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class SchoolYearForm(forms.Form):
    name = forms.CharField(
        label=_("School year"), max_length=20, help_text=_("For example 2027–2028.")
    )
    region = forms.ChoiceField(
        label=_("Holiday region"),
        choices=Region.choices,
        help_text=_(
            "The official school holidays of this region are filled in; "
            "you can change them afterwards."
        ),
    )
    first_day = forms.DateField(label=_("First teaching day"), widget=DateInput)
    last_day = forms.DateField(label=_("Last teaching day"), widget=DateInput)

    def __init__(self, *args, team: Team, **kwargs) -> None:
        self.team = team
        super().__init__(*args, **kwargs)
        for number in range(1, PERIODS_PER_YEAR + 1):
            self.fields[f"period_{number}_start"] = forms.DateField(
                label=_("Period %(number)s starts") % {"number": number}, widget=DateInput
            )
            self.fields[f"period_{number}_end"] = forms.DateField(
                label=_("Period %(number)s ends") % {"number": number}, widget=DateInput
            )
        self.warnings: list[str] = []

    @classmethod
    def initial_for(cls, team: Team, start_year: int) -> dict:
        suggestion = school_holidays.suggest_school_year(team.region, start_year)
        initial = {
            "name": f"{start_year}–{start_year + 1}",
            "region": team.region,
            "first_day": suggestion["first_day"],
            "last_day": suggestion["last_day"],
        }
        for number, (start, end) in enumerate(suggestion["periods"], start=1):
            initial[f"period_{number}_start"] = start
            initial[f"period_{number}_end"] = end
        return initial

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip().replace("-", "–")
        if SchoolYear.objects.filter(team=self.team, name=name).exists():
            raise forms.ValidationError(
                _("This team already has a school year %(name)s."), params={"name": name}
            )
        return name

    def periods(self) -> list[tuple[datetime.date, datetime.date]]:
        return [
            (self.cleaned_data[f"period_{n}_start"], self.cleaned_data[f"period_{n}_end"])
            for n in range(1, PERIODS_PER_YEAR + 1)
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        first_day, last_day = cleaned["first_day"], cleaned["last_day"]
        if last_day <= first_day:
            self.add_error("last_day", _("The last teaching day must come after the first."))
            return cleaned
        if (last_day - first_day).days > 366:
            self.add_error("last_day", _("A school year lasts at most one year."))
            return cleaned
        self.holidays = school_holidays.official_days_off(cleaned["region"], first_day, last_day)
        try:
            plan = schedule.plan_schedule(
                first_day=first_day,
                last_day=last_day,
                periods=self.periods(),
                holidays=[(start, end) for _name, start, end in self.holidays],
                weekday=self.team.default_weekday,
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        self.warnings = plan.warnings
        return cleaned


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["name", "first_day", "last_day"]
        widgets = {"first_day": DateInput, "last_day": DateInput}

    def clean(self) -> dict:
        cleaned = super().clean()
        first_day, last_day = cleaned.get("first_day"), cleaned.get("last_day")
        if first_day and last_day and last_day < first_day:
            self.add_error("last_day", _("The last day cannot come before the first day."))
        return cleaned


class PreparersField(BoundedModelMultipleChoiceField):
    load: dict[User, int] = {}

    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.email
        if obj not in self.load:
            return name
        return _("%(name)s (prepares %(count)s this year)") % {
            "name": name,
            "count": self.load[obj],
        }


class MeetingForm(forms.ModelForm):
    preparers = PreparersField(
        label=_("Preparers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Two members of the development team."),
    )

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "duration_minutes", "room", "theme", "preparers"]
        widgets = {
            "date": DateInput,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, team: Team, load: dict[User, int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preparers"].load = load or {}
        self.fields["theme"].queryset = Theme.objects.filter(team=team)
        self.fields["theme"].empty_label = _("(no theme yet)")
        developer_ids = Membership.objects.active().for_team(team).developers().values("user")
        self.fields["preparers"].queryset = User.objects.filter(pk__in=developer_ids)

    def clean_preparers(self):
        preparers = self.cleaned_data["preparers"]
        if len(preparers) > 2:
            raise forms.ValidationError(_("Choose at most two preparers."))
        return preparers

    def clean_theme(self):
        """A theme is treated once a year: not the theme of another meeting of this year."""
        theme = self.cleaned_data["theme"]
        if theme is not None:
            other = (
                Meeting.objects.filter(school_year_id=self.instance.school_year_id, theme=theme)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other is not None:
                raise forms.ValidationError(
                    _("“%(title)s” is already the theme of meeting %(number)s.")
                    % {"title": theme, "number": other.number}
                )
        return theme


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, team: Team, **kwargs) -> None:
        self.team = team
        super().__init__(*args, **kwargs)

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        others = Theme.objects.filter(team=self.team, title__iexact=title)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("The team already has a theme “%(title)s”."), params={"title": title}
            )
        return title


class ExampleThemesForm(forms.Form):
    titles = forms.MultipleChoiceField(
        label=_("Example themes from the method"),
        choices=[(title, title) for title, _description in EXAMPLE_THEMES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one theme.")},
    )


class PeopleField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class RunPlanForm(forms.ModelForm):
    """The preparers' plan: what happens in phase 0, and the minutes of every phase."""

    class Meta:
        model = MeetingRun
        fields = ["phase0_format", "phase0_who", "phase0_what", "phase0_links", "break_minutes"]
        widgets = {
            "phase0_what": forms.Textarea(attrs={"rows": 3}),
            "phase0_links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, phases: list[Phase], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.phases = sorted(phases, key=lambda p: p.number)
        for phase in self.phases:
            self.fields[f"minutes_{phase.number}"] = forms.IntegerField(
                label=_("Phase %(number)s: %(name)s")
                % {"number": phase.number, "name": phase.name},
                min_value=1,
                max_value=120,
                initial=self.instance.phase_minutes.get(str(phase.number), phase.minutes),
            )

    def minute_fields(self):
        return [self[f"minutes_{p.number}"] for p in self.phases]

    def clean_phase0_links(self) -> str:
        links = [line.strip() for line in self.cleaned_data["phase0_links"].splitlines()]
        bad = [link for link in links if link and not link.startswith(("http://", "https://"))]
        if bad:
            raise forms.ValidationError(
                _("Links start with http:// or https://: %(links)s"),
                params={"links": ", ".join(bad)},
            )
        return "\n".join(link for link in links if link)

    def save(self, commit: bool = True) -> MeetingRun:
        run = super().save(commit=False)
        run.phase_minutes = {
            str(p.number): self.cleaned_data[f"minutes_{p.number}"] for p in self.phases
        }
        if commit:
            run.save()
        return run


class GroupLeadersForm(forms.Form):
    leaders = PeopleField(
        label=_("Group leaders"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each leads one small group; choose development-team members who are there."),
        error_messages={"required": _("Choose at least one group leader.")},
    )

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = _developer_users(team.pk)
        self._team_id = team.pk

    def checkboxes(self) -> list[tuple[int, str, bool]]:
        """(id, name, ticked) per development-team member: the template renders the boxes
        from these in one loop (crispy rendering a widget per box cost more than the page)."""
        field = self.fields["leaders"]
        ticked = {str(getattr(v, "pk", v)) for v in (self["leaders"].value() or [])}
        return [
            (u.pk, field.label_from_instance(u), str(u.pk) in ticked)
            for u in _DEVELOPER_USERS(team=self._team_id)  # the field's queryset, compiled once
        ]


def _developer_users(team: int):
    developers = Membership.objects.active().filter(team_id=team).developers().values("user")
    return User.objects.filter(pk__in=developers)


_DEVELOPER_USERS = Prepared(_developer_users, team=int)  # plg/prepared.py


class AttendanceForm(forms.Form):
    present = PeopleField(
        label=_("Present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recompose = forms.BooleanField(label=_("Recompose the groups"), required=False)

    def __init__(self, *args, people: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = User.objects.filter(pk__in=[u.pk for u in people])


class MovePersonForm(forms.Form):
    person = BoundedModelChoiceField(queryset=User.objects.none())
    group = BoundedModelChoiceField(
        queryset=SmallGroup.objects.none(),
        error_messages={"invalid_choice": _("Choose one of this meeting's groups.")},
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = meeting.groups.all()
        members = Membership.objects.for_team(meeting.school_year.team).values("user")
        self.fields["person"].queryset = User.objects.filter(pk__in=members)


class GroupRoomForm(forms.Form):
    """Where one of the meeting's small groups sits (empty: the meeting's own room)."""

    group = BoundedModelChoiceField(
        queryset=SmallGroup.objects.none(),
        error_messages={"invalid_choice": _("Choose one of this meeting's groups.")},
    )
    room = forms.CharField(
        label=_("Room"),
        max_length=80,
        required=False,
        error_messages={
            "max_length": _("The room is too long (at most %(limit_value)s characters).")
        },
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = meeting.groups.all()


class AbsenceForm(forms.ModelForm):
    """An absence agreed with the team leader (afmelding) of someone expected."""

    class Meta:
        model = Attendance
        fields = ["user", "reason"]
        labels = {"user": _("Who")}

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        expected = [u.pk for u in attendance.expected_people(meeting)]
        self.fields["user"].queryset = User.objects.filter(pk__in=expected).order_by(
            "first_name", "last_name"
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.email

    def clean_user(self) -> User:
        user = self.cleaned_data["user"]
        if attendance.is_excused(self.meeting, user):
            raise forms.ValidationError(
                _("%(name)s is already excused for this meeting."), params={"name": user}
            )
        return user

    def save(self, commit: bool = True) -> Attendance:
        """Records the afmelding on the person's attendance row (made if there is none)."""
        self.instance = attendance.excuse(
            meeting=self.meeting,
            user=self.cleaned_data["user"],
            reason=self.cleaned_data["reason"],
            by=self.instance.recorded_by,
        )
        return self.instance


class PhaseCardForm(forms.ModelForm):
    class Meta:
        model = PhaseCard
        fields = ["break_minutes", "break_after_phase"]


#: The card's phases, edited in place: the formset takes as many forms as the card has phases
#: (a changed management form is refused, not built into 2,000 forms or a new phase).
PhaseFormSet = forms.modelformset_factory(
    Phase,
    formset=BoundedModelFormSet,
    fields=["name", "form", "minutes", "purpose", "questions"],
    extra=0,
    widgets={
        "purpose": forms.Textarea(attrs={"rows": 3}),
        "questions": forms.Textarea(attrs={"rows": 4}),
    },
)
