"""plg/crispy_fast.py writes crispy's Bootstrap 5 fields in Python: the same HTML as
crispy's templates (whitespace between tags aside), widget by widget, empty and bound,
with errors, help texts, required fields and escaping; and it leaves to crispy what it does
not write."""

from __future__ import annotations

import re

import pytest
from crispy_forms.templatetags import crispy_forms_filters as crispy
from django import forms
from django.template import engines

from plg import crispy_fast

CHOICES = [("a", "Eén & twee"), ("b", "<b>vet</b>"), (3, "drie")]


class EveryWidget(forms.Form):
    title = forms.CharField(label="Titel <kort>", max_length=20, help_text="Hooguit <20> tekens.")
    story = forms.CharField(label="Situatie", widget=forms.Textarea, required=False)
    minutes = forms.IntegerField(label="Minuten", min_value=1, max_value=120)
    email = forms.EmailField(label="E-mail", required=False)
    day = forms.DateField(
        label="Dag", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    secret = forms.CharField(label="Wachtwoord", widget=forms.PasswordInput, required=False)
    theme = forms.ChoiceField(label="Thema", choices=[("", "(geen)"), *CHOICES])
    themes = forms.MultipleChoiceField(label="Thema's", choices=CHOICES, required=False)
    people = forms.MultipleChoiceField(
        label="Voorbereiders",
        choices=CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Twee leden.",
    )
    grouped = forms.MultipleChoiceField(
        label="Gegroepeerd",
        choices=[("Groep 1", CHOICES[:2]), ("Groep 2", CHOICES[2:])],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    score = forms.ChoiceField(label="Score", choices=CHOICES, widget=forms.RadioSelect)
    styled = forms.CharField(
        label="",
        required=False,
        widget=forms.TextInput(attrs={"class": "extra", "placeholder": "x"}),
    )
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


class WithCheckboxAndFile(forms.Form):
    agree = forms.BooleanField(label="Akkoord")
    upload = forms.FileField(label="Bestand", required=False)
    name = forms.CharField(label="Naam")


def _normal(html: str) -> str:
    """Runs of whitespace show as one space, and none at all between two tags."""
    return re.sub(r"\s+", " ", str(html)).strip()


def _forms():
    valid = {
        "title": "Pesten & zo",
        "story": "Regel 1\nRegel 2",
        "minutes": "30",
        "theme": "b",
        "themes": ["a", "3"],
        "people": ["a", "3"],
        "score": "3",
    }
    invalid = {"title": "x" * 30, "minutes": "0", "theme": "zz", "people": ["zz"], "score": ""}
    # Each renderer gets a form of its own: crispy changes the widgets' classes as it goes.
    return [
        pytest.param(lambda: EveryWidget(), id="empty"),
        pytest.param(
            lambda: EveryWidget(initial={"title": "Begin", "people": ["b"]}, auto_id="veld_%s"),
            id="initial",
        ),
        pytest.param(lambda: EveryWidget(data=valid), id="valid"),
        pytest.param(lambda: EveryWidget(data=invalid), id="invalid"),
        pytest.param(lambda: EveryWidget(data=invalid, prefix="m2"), id="invalid-prefixed"),
    ]


@pytest.mark.parametrize("make", _forms())
def test_each_field_is_the_html_crispy_renders(make):
    theirs, ours = make(), make()
    for name in theirs.fields:
        original = crispy.as_crispy_field(theirs[name])
        fast = crispy_fast.as_crispy_field(ours[name])
        assert _normal(fast) == _normal(original), name


@pytest.mark.parametrize("make", _forms())
def test_a_whole_form_is_the_html_crispy_renders(make):
    assert _normal(crispy_fast.as_crispy_form(make())) == _normal(crispy.as_crispy_form(make()))


def test_errors_are_shown_and_the_typed_text_kept():
    form = EveryWidget(data={"title": "<script>" * 5, "minutes": "0"})
    html = str(crispy_fast.as_crispy_field(form["title"]))

    assert 'class="invalid-feedback"' in html and "is-invalid" in html
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_what_it_does_not_write_is_crispys():
    form = WithCheckboxAndFile(data={})
    assert not crispy_fast.handles(form["agree"]) and not crispy_fast.handles(form["upload"])
    assert crispy_fast.handles(form["name"])
    for name in form.fields:
        assert _normal(crispy_fast.as_crispy_field(WithCheckboxAndFile(data={})[name])) == (
            _normal(crispy.as_crispy_field(WithCheckboxAndFile(data={})[name]))
        )
    assert _normal(crispy_fast.as_crispy_form(WithCheckboxAndFile(data={}))) == _normal(
        crispy.as_crispy_form(WithCheckboxAndFile(data={}))
    )


def test_non_field_errors_go_through_crispy():
    def make():
        form = EveryWidget(data={})
        form.is_valid()
        form.add_error(None, "Alles tegelijk <niet>.")
        return form

    assert _normal(crispy_fast.as_crispy_form(make())) == _normal(crispy.as_crispy_form(make()))


def test_templates_load_it_as_crispy_fast_tags():
    template = engines["django"].from_string(
        "{% load crispy_fast_tags %}{{ form|crispy }}|{{ form.title|as_crispy_field }}"
    )
    form = EveryWidget()

    whole, field = template.render({"form": form}).split("|")

    assert (
        template.template.engine.template_libraries["crispy_fast_tags"].filters["crispy"]
        is crispy_fast.as_crispy_form
    )
    assert _normal(whole) == _normal(crispy.as_crispy_form(EveryWidget()))
    assert _normal(field) == _normal(crispy.as_crispy_field(EveryWidget()["title"]))


def test_no_template_loads_crispys_own_field_filters():
    """A page that loads crispy_forms_tags would render its fields the slow way."""
    from pathlib import Path

    from django.conf import settings

    loading = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if "crispy_forms_tags" in path.read_text(encoding="utf-8")
    ]
    assert loading == []
