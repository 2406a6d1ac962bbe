"""Forms of the fase-6 verslag and the phase 6 evaluation."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from meetings.forms.autosave import AutosaveForm
from meetings.forms.planning import DateInput
from meetings.models import Agreement
from meetings.services.reports import EXPERIENCE_SCORES

REMARK_MAX_LENGTH = 2000


class ReportTextForm(AutosaveForm):
    """The body or the conclusions of the report, as autosave.js posts them."""

    max_length = 50_000
    too_long_message = _("The text is too long (at most %(limit_value)s characters).")
    version_message = _("The text's version is missing or not valid. Reload the page.")


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["what", "who", "due"]
        widgets = {
            "what": forms.TextInput(attrs={"autocomplete": "off"}),
            "who": forms.TextInput(attrs={"autocomplete": "off", "list": "team-people"}),
            "due": DateInput,
        }
        labels = {"what": _("What"), "who": _("Who"), "due": _("By when")}
        help_texts = {
            "who": _(
                "Choose a name from the list: the agreement then appears on that person's "
                "dashboard until it is done. Any other text (“the ontwikkelteam”) is kept too."
            )
        }
        error_messages = {
            "what": {"required": _("Say what has been agreed.")},
            "who": {"required": _("Say who does it.")},
            "due": {"invalid": _("Enter a date, for example 12-03-2027.")},
        }

    def clean_due(self):
        """What is agreed is still to be done: its date cannot have passed already."""
        due = self.cleaned_data["due"]
        if due is not None and due < timezone.localdate():
            raise forms.ValidationError(_("That date has passed: choose today or a later date."))
        return due


class DiscussedForm(forms.Form):
    discussed_on = forms.DateField(
        label=_("Discussed in the team meeting (teamoverleg) on"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("Enter a date, for example 12-03-2027.")},
    )

    def __init__(self, *args, meeting=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_discussed_on(self):
        """The teamoverleg discusses the report of a meeting that took place before it."""
        day = self.cleaned_data["discussed_on"]
        if day is not None and self.meeting is not None and day < self.meeting.date:
            raise forms.ValidationError(
                _("The team meeting cannot be before the meeting itself (%(date)s).")
                % {"date": date_format(self.meeting.date, "j F Y")}
            )
        return day


def _remark(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=REMARK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvaluationForm(forms.Form):
    experience = forms.TypedChoiceField(
        label=_("How did you experience this meeting?"),
        choices=[(n, n) for n in EXPERIENCE_SCORES],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a number from 1 to 5."),
            "invalid_choice": _("Choose a number from 1 to 5."),
        },
    )
    learning = _remark(_("What have you learned?"))
    method = _remark(_("How did the method work for you?"))
    bothers = _remark(_("What still bothers you?"))
    signed = forms.BooleanField(
        label=_("Put my name with my answer"),
        required=False,
        help_text=_("Without this your answer is anonymous: the report shows it without a name."),
    )
