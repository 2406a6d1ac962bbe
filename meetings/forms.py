from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings import schedule, school_holidays
from meetings.models import PERIODS_PER_YEAR, Holiday, Meeting, SchoolYear, Theme
from meetings.services import EXAMPLE_THEMES
from plg.models import Membership, Region, Team, User


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


class PreparersField(forms.ModelMultipleChoiceField):
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
