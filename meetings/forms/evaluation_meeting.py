"""Meeting 6, the evaluation meeting: its agenda ticks and the successes and look ahead."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import MeetingRun
from meetings.services.evaluation_meeting import EVALUATION_KEYS


class EvaluationTickForm(forms.Form):
    item = forms.ChoiceField(
        choices=[(key, key) for key in EVALUATION_KEYS],
        error_messages={"invalid_choice": _("This is not an item of the agenda of meeting 6.")},
    )
    done = forms.BooleanField(required=False)


class EvaluationRecordForm(forms.ModelForm):
    class Meta:
        model = MeetingRun
        fields = ["successes", "look_ahead"]
        widgets = {
            "successes": forms.Textarea(attrs={"rows": 5}),
            "look_ahead": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "successes": _("What went well this year, one success per line; shown to the team."),
            "look_ahead": _("What the team takes into the next school year."),
        }
