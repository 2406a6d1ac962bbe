"""The project's form renderer writes selects in Python (plg/form_renderer.py): the HTML
must be exactly what Django's own templates make of the same widget."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy

from plg.form_renderer import FormRenderer


class Choices(forms.Form):
    theme = forms.ChoiceField(
        choices=[("", "(geen thema)"), (1, "Pesten & <grenzen>"), (2, 'Ouders "betrekken"')],
        widget=forms.Select(attrs={"class": "form-select", "data-x": 'a"b', "disabled": True}),
    )
    grouped = forms.ChoiceField(
        choices=[
            ("Groep 1", [(3, "Anouk"), (4, gettext_lazy("Absent"))]),
            ("Groep <2>", [(5, "Bram")]),
            (6, "Zonder groep"),
        ],
        required=False,
    )
    several = forms.MultipleChoiceField(
        choices=[(7, "Chantal"), (8, "Daan")], widget=forms.SelectMultiple(attrs={"hidden": False})
    )
    number = forms.IntegerField()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"theme": "2", "grouped": "4", "several": ["7", "8"]},
        {"theme": "<script>", "grouped": "5"},
    ],
)
@pytest.mark.parametrize("field", ["theme", "grouped", "several", "number"])
def test_fields_render_as_with_djangos_templates(data, field):
    form = Choices(data or None)
    if data:
        form.is_valid()
    bound = form[field]

    fast = bound.as_widget(attrs={"aria-describedby": "help"})
    form.renderer = DjangoTemplates()
    slow = bound.as_widget(attrs={"aria-describedby": "help"})

    assert fast == slow
    assert "<select" in fast or field == "number"


def test_the_project_renders_selects_without_templates(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
    html = Choices()["theme"].as_widget()
    assert html.startswith('<select name="theme"') and "Pesten &amp; &lt;grenzen&gt;" in html
