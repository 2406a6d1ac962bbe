"""Forms of the group leader's view of a small group (meetings/views/groups.py): the notes,
the phase 4 score, the case the group discusses and the phase 5 first steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.forms.autosave import TEXT_MAX_LENGTH, AutosaveForm
from meetings.models import Case
from plg.models import User

NOTE_MAX_LENGTH = TEXT_MAX_LENGTH
SCORES = range(0, 11)


class NoteForm(AutosaveForm):
    max_length = NOTE_MAX_LENGTH
    too_long_message = gettext_lazy("The note is too long (at most %(limit_value)s characters).")
    version_message = gettext_lazy("The note's version is missing or not valid. Reload the page.")


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("How far is the question answered? (0–10)"),
        choices=[(n, n) for n in SCORES],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": gettext_lazy("Choose a score from 0 to 10.")},
    )


class CaseChoiceForm(forms.Form):
    case = forms.TypedChoiceField(
        label=gettext_lazy("The case the group discusses"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the cases of this group.")},
    )

    def __init__(self, *args, cases: list[Case], owners: dict[int, User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [
            ("", _("No case chosen yet")),
            *((c.pk, f"{c.title} ({owners.get(c.owner_id, '?')})") for c in cases),
        ]


class FirstStepForm(forms.Form):
    owner = forms.TypedChoiceField(
        label=gettext_lazy("Who"),
        coerce=int,
        error_messages={
            "invalid_choice": gettext_lazy("Choose someone from this group."),
            "required": gettext_lazy("Choose who takes this step."),
        },
    )
    what = forms.CharField(
        label=gettext_lazy("What"),
        max_length=1000,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": gettext_lazy("Describe the first small step.")},
    )

    def __init__(self, *args, people: list[User], **kwargs) -> None:
        # Its own ids: the group page also has the spot-case form, which has an owner too.
        kwargs.setdefault("auto_id", "id_step_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *((p.pk, str(p)) for p in people)]
