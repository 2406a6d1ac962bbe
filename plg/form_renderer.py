"""Django's form renderer, with the select widget written out in Python.

Django renders a `<select>` from a template that includes one more template per option
(and one per attribute list): a list of 40 themes or 60 people costs milliseconds, and the
introduction and preparation pages have several (issue 10). The HTML is the same as the
templates give (tests/test_form_renderer.py compares them); anything else, and a select
whose options use another template, goes through the templates as before.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Select
from django.utils.html import conditional_escape

SELECT = Select.template_name
OPTION = Select.option_template_name


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> str:
    """django/forms/widgets/select_option.html"""
    value, label = conditional_escape(str(option["value"])), conditional_escape(option["label"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>'


def render_select(widget: dict) -> str | None:
    """django/forms/widgets/select.html for this widget context; None when an option has a
    template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(f"\n  {_option(option)}\n")  # the option template ends in a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: selects in Python, every other widget from its template."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
