"""Forms of the follow-up between meetings (the first small steps, the agreements)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FirstStepDoneForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=(("1", "1"), ("0", "0")),
        coerce=lambda value: value == "1",
        error_messages={
            "required": _("Say whether the step is done or not."),
            "invalid_choice": _("Say whether the step is done or not."),
        },
    )

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]


class AgreementDoneForm(FirstStepDoneForm):
    done = forms.TypedChoiceField(
        choices=(("1", "1"), ("0", "0")),
        coerce=lambda value: value == "1",
        error_messages={
            "required": _("Say whether the agreement is done or not."),
            "invalid_choice": _("Say whether the agreement is done or not."),
        },
    )
