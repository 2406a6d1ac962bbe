"""Asking the team leader for absence (afmeldverzoek) and the team leader's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import AbsenceRequest


class AbsenceRequestForm(forms.ModelForm):
    class Meta:
        model = AbsenceRequest
        fields = ["reason"]
        labels = {"reason": _("Reason")}
        help_texts = {"reason": _("Only the team leader reads this.")}
        error_messages = {
            "reason": {"required": _("Give a reason, so the team leader can decide.")}
        }

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason, so the team leader can decide."))
        return reason


class AbsenceDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
