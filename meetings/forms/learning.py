"""Forms of the learning question (leervraag): the question itself, what is linked to it,
and the look back in meeting 6."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.forms.autosave import TypedTextField
from meetings.models import LEARNING_TEXT_MAX_LENGTH
from plg.params import BoundedModelMultipleChoiceField

TOO_LONG = _(
    "This text is too long: at most %(limit_value)s characters, you typed %(show_value)s. "
    "Make it shorter; nothing has been saved yet."
)


def _text(label, *, required: bool = False, help_text="", rows: int = 3):
    return TypedTextField(
        label=label,
        required=required,
        max_length=LEARNING_TEXT_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": LEARNING_TEXT_MAX_LENGTH}),
        error_messages={"max_length": TOO_LONG},
    )


class LearningQuestionForm(forms.Form):
    question = _text(
        _("My learning question"),
        required=True,
        help_text=_(
            "What do you want to learn this year, in your own classes? For example “How do I "
            "get students in year 1 to plan their work themselves?”"
        ),
    )
    team_plan = _text(
        _("How it fits the team plan"),
        help_text=_("Optional: which goal of the team plan it works on."),
        rows=2,
    )
    shared = forms.BooleanField(
        label=_("Share it with my team"),
        required=False,
        help_text=_(
            "Shared, every member of the team reads it (colleagues, the ontwikkelteam and "
            "the team leader) on the page with the team's learning questions. Not shared, "
            "only you read it."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].error_messages["required"] = _(
            "Write your learning question, in a sentence or two."
        )

    def clean_question(self) -> str:
        text = self.cleaned_data["question"]
        if not text.strip():
            raise forms.ValidationError(_("Write your learning question, in a sentence or two."))
        return text


class ReflectionForm(forms.Form):
    reflection = _text(
        _("Looking back on my learning question"),
        help_text=_("What have you learned this year, what worked, what do you take along?"),
        rows=4,
    )


class LearningLinksForm(forms.Form):
    """Which of the owner's cases and first steps of the year work on the question."""

    cases = BoundedModelMultipleChoiceField(
        label=_("My cases"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose among your own cases of this year."),
            "invalid_pk_value": _("Choose among your own cases of this year."),
        },
    )
    steps = BoundedModelMultipleChoiceField(
        label=_("My first steps"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose among your own first steps of this year."),
            "invalid_pk_value": _("Choose among your own first steps of this year."),
        },
    )

    def __init__(self, *args, cases, steps, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda case: case.title
        self.fields["steps"].queryset = steps
        self.fields["steps"].label_from_instance = lambda step: step.what
