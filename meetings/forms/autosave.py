"""The form behind every autosaved text (static/js/autosave.js posts `text` and `version`).

Used for the group leader's notes and the fase-6 verslag: the version is the one the text
was based on, so the service can refuse a save that would overwrite someone else's text.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_VERSION = 2**31 - 1  # the largest PositiveIntegerField value on every database


class TypedTextField(forms.CharField):
    """Text as typed (no stripping), with the line breaks a browser form post sends as CRLF
    counted as one character, as the textarea shows them."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


#: The longest text a person types in one field: a group note, a case's situation or question.
TEXT_MAX_LENGTH = 20_000


class AutosaveForm(forms.Form):
    """A text and the version it was based on. Subclasses set the limit and the messages."""

    max_length = TEXT_MAX_LENGTH
    too_long_message = _("The text is too long (at most %(limit_value)s characters).")
    version_message = _("The text's version is missing or not valid. Reload the page.")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"] = TypedTextField(
            required=False,
            strip=False,
            max_length=self.max_length,
            error_messages={"max_length": self.too_long_message},
        )
        self.fields["version"] = forms.IntegerField(
            min_value=0,
            max_value=MAX_VERSION,
            error_messages=dict.fromkeys(
                ("required", "invalid", "min_value", "max_value"), self.version_message
            ),
        )

    def first_error(self) -> str:
        for field in ("version", "text"):
            if field in self.errors:
                return self.errors[field][0]
        return str(next(iter(self.errors.values()))[0])
