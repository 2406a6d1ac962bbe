"""The archive's search box."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

QUERY_MIN_LENGTH, QUERY_MAX_LENGTH = 2, 100


class ArchiveSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the archive"),
        required=False,
        min_length=QUERY_MIN_LENGTH,
        max_length=QUERY_MAX_LENGTH,
        help_text=_("Themes, reports and insights of all school years."),
        error_messages={
            "min_length": _("Type at least %(limit_value)s characters to search."),
            "max_length": _("Type at most %(limit_value)s characters to search."),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""
