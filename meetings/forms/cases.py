"""Forms for werkcasussen (cases): the teacher's own form and the one for a case brought in
on the spot in phase 1."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from meetings.forms.autosave import TEXT_MAX_LENGTH
from meetings.models import Case, LearningQuestion, Meeting, Theme
from meetings.services.cases import names_in_text, open_meetings, team_names
from plg.models import Team, User
from plg.params import BoundedModelChoiceField

NAMES_HELP = _(
    "Do not name students or colleagues: describe them by their role, for example “a "
    "student in year 2” or “a colleague from another team”."
)


class NameCheckMixin:
    """Warns, without blocking, when the text seems to name someone from the team.

    The form then shows the names and a box to tick to save anyway.
    """

    name_fields: tuple[str, ...] = ()
    found_names: list[str]

    def check_names(self, cleaned: dict, *, team: Team, author: User | None) -> None:
        text = "\n".join(str(cleaned.get(field) or "") for field in self.name_fields)
        found = names_in_text(text, team_names(team, exclude=author))
        self.found_names = found
        if not found or cleaned.get("confirm_names"):
            return
        names = ", ".join(f"“{name}”" for name in found)
        self.add_error(
            None,
            ngettext(
                "Your text seems to contain the name %(names)s. Do not name students or "
                "colleagues: change the text, or tick the box below to save it anyway.",
                "Your text seems to contain the names %(names)s. Do not name students or "
                "colleagues: change the text, or tick the box below to save it anyway.",
                len(found),
            )
            % {"names": names},
        )


def confirm_names_field() -> forms.BooleanField:
    return forms.BooleanField(label=_("I have checked the text; save it anyway"), required=False)


class MeetingField(BoundedModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        # The school year too: open meetings of two years can both be "Meeting 3".
        parts = [
            _("%(meeting)s of %(year)s") % {"meeting": obj, "year": obj.school_year.name},
            date_format(obj.date, "l j F Y"),
        ]
        if obj.theme_id:
            parts.insert(1, str(obj.theme))
        return " · ".join(parts)


class CaseForm(NameCheckMixin, forms.ModelForm):
    name_fields = ("title", "situation", "question")

    meeting = MeetingField(
        label=_("For meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("(not for a particular meeting yet)"),
        help_text=_("The two preparers of this meeting can read your case."),
        error_messages={"invalid_choice": _("Choose one of the coming meetings.")},
    )
    confirm_names = confirm_names_field()

    class Meta:
        model = Case
        fields = [
            "title",
            "meeting",
            "theme",
            "situation",
            "question",
            "may_quote",
            "learning_question",
        ]
        labels = {
            "title": _("Title"),
            "theme": _("Theme"),
            "situation": _("The situation"),
            "question": _("Your question"),
            "may_quote": _("My case may be quoted in the published report"),
            "learning_question": _("Belongs to my learning question"),
        }
        help_texts = {
            "title": _("A few words, for example “Restless class after the break”."),
            "theme": _("Only needed when the case is not for a particular meeting yet."),
            "situation": _("What happened, who is involved (by role), what have you tried?"),
            "question": _("What would you like to find out or learn from your colleagues?"),
            "may_quote": _(
                "Without this, the report mentions no details of your case. Only you, the "
                "preparers of the meeting and the leader of the group that discusses it can "
                "read it."
            ),
        }
        field_classes = {"learning_question": BoundedModelChoiceField}
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 6}),
            "question": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Give your case a title.")},
            "theme": {"invalid_choice": _("Choose one of the team's themes.")},
            "learning_question": {"invalid_choice": _("Choose your own learning question.")},
        }

    def __init__(self, *args, team: Team, owner: User, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.team, self.owner = team, owner
        self.found_names = []
        allowed = Q(pk__in=open_meetings(team, today).values("pk"))
        if self.instance.meeting_id:
            allowed |= Q(pk=self.instance.meeting_id)
        self.fields["meeting"].queryset = (
            Meeting.objects.for_team(team)
            .filter(allowed)
            .select_related("theme", "school_year")
            .order_by("date")
        )
        self.fields["theme"].queryset = Theme.objects.filter(team=team)
        self.fields["theme"].empty_label = _("(no theme)")
        self._learning_question_field(today)
        for name in ("situation", "question"):  # as long as a group note may be, no longer
            field = self.fields[name]
            field.max_length = TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
            field.widget.attrs["maxlength"] = str(TEXT_MAX_LENGTH)

    def _learning_question_field(self, today: datetime.date) -> None:
        """Optional: the owner's own learning question of a year that has not ended (the one
        already linked stays choosable). Without one the field is left out."""
        allowed = Q(school_year__last_day__gte=today)
        if self.instance.learning_question_id:
            allowed |= Q(pk=self.instance.learning_question_id)
        questions = (
            LearningQuestion.objects.filter(owner=self.owner, school_year__team=self.team)
            .filter(allowed)
            .select_related("school_year")
            .order_by("-school_year__first_day")
        )
        if not questions.exists():
            del self.fields["learning_question"]
            return
        field = self.fields["learning_question"]
        field.queryset = questions
        field.empty_label = _("(not linked)")
        field.label_from_instance = lambda q: f"{q.school_year.name}: {q.question[:80]}"
        field.help_text = _("Optional. Only you see this link.")

    def clean(self) -> dict:
        cleaned = super().clean()
        question, meeting = cleaned.get("learning_question"), cleaned.get("meeting")
        if question and meeting and question.school_year_id != meeting.school_year_id:
            self.add_error(
                "learning_question",
                _("This learning question is of school year %(year)s, the meeting is not.")
                % {"year": question.school_year.name},
            )
        chosen = cleaned.get("meeting") or cleaned.get("theme")
        if not chosen and not self.has_error("meeting"):
            self.add_error("meeting", _("Choose the meeting or the theme this case is for."))
        self.check_names(cleaned, team=self.team, author=self.owner)
        return cleaned

    def save(self, commit: bool = True) -> Case:
        case = super().save(commit=False)
        case.team = self.team
        case.owner = self.owner
        return case


class SpotCaseForm(NameCheckMixin, forms.Form):
    """Phase 1: a case that someone in the group brings in at the table."""

    name_fields = ("title",)

    title = forms.CharField(
        label=_("Title of the case"),
        max_length=160,
        error_messages={"required": _("Give the case a title.")},
        help_text=NAMES_HELP,
    )
    owner = forms.TypedChoiceField(
        label=_("Brought in by"),
        coerce=int,
        error_messages={
            "required": _("Choose who brings in the case."),
            "invalid_choice": _("Choose someone from this group."),
        },
    )
    confirm_names = confirm_names_field()

    def __init__(self, *args, people: list[User], team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.people = {p.pk: p for p in people}
        self.found_names = []
        self.fields["owner"].choices = [("", "—"), *((p.pk, str(p)) for p in people)]

    def clean(self) -> dict:
        cleaned = super().clean()
        author = self.people.get(cleaned.get("owner"))
        self.check_names(cleaned, team=self.team, author=author)
        return cleaned

    @property
    def chosen_owner(self) -> User:
        return self.people[self.cleaned_data["owner"]]
