"""crispy-forms' Bootstrap 5 fields, written out in Python for the common widgets.

crispy renders every field through bootstrap5/field.html and its includes: some forty
template nodes and filters per field, more than the rest of a form page costs (the
introduction's eight fields took a quarter of the page; issue 10). `render_field` writes the
same HTML for selects, text-like inputs and textareas, and checkbox and radio lists; for
anything else (a single checkbox, a file, a multi-widget, a form with a FormHelper) it
returns None and crispy's own template renders it. Whitespace between tags is a single
space where crispy's templates have any; tests/test_crispy_fast.py compares both, widget by
widget, with errors, help texts and required fields.

The templates load `crispy_fast_tags` (plg/templatetags/crispy_fast_tags.py) instead of
`crispy_forms_tags`: `{{ form|crispy }}` and `{{ field|as_crispy_field }}` come from here,
everything else of that library is crispy's.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django import forms
from django.forms.boundfield import BoundField
from django.template.loader import get_template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

#: What crispy's filters hand to bootstrap5/field.html (label_class and field_class empty).
CONTEXT = {"form_show_errors": True, "form_show_labels": True, "label_class": "", "field_class": ""}
FIELD_TEMPLATE = "bootstrap5/field.html"


def _choices(bf: BoundField) -> bool:
    return isinstance(bf.field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect))


def handles(bf: BoundField) -> bool:
    """Whether render_field writes this field (else crispy's template does)."""
    widget = bf.field.widget
    if getattr(bf.form, "helper", None) is not None:
        return False
    if isinstance(widget, (forms.CheckboxInput, forms.FileInput, forms.MultiWidget)):
        return False
    return not hasattr(widget, "widget")  # a wrapper (admin's related-field widget)


def _errors_block(bf: BoundField) -> str:
    """bootstrap5/layout/field_errors_block.html."""
    if not bf.errors:
        return ""
    field_id = getattr(bf.errors, "field_id", "")
    lines = "".join(
        format_html(' <p id="error_{}_{}"><strong>{}</strong></p>', n, bf.auto_id, error)
        for n, error in enumerate(bf.errors, start=1)
    )
    return (
        f' <div id="{conditional_escape(field_id)}_error" class="invalid-feedback">{lines} </div>'
    )


def _help_text(bf: BoundField) -> str:
    """bootstrap5/layout/help_text.html (not inline)."""
    if not bf.help_text:
        return ""
    id_part = f'id="{conditional_escape(bf.auto_id)}_helptext" ' if bf.auto_id else ""
    return f' <div {id_part}class="form-text">{bf.help_text}</div>'


def _add_classes(bf: BoundField, classes: str) -> None:
    """crispy's `{% crispy_field field 'class' classes %}`: the widget's class name and
    `classes` added to its class attribute (crispy changes the widget the same way)."""
    widget = bf.field.widget
    class_name = widget.__class__.__name__.lower()
    css = widget.attrs.get("class", "")
    if css:
        if css.find(class_name) == -1:
            css += f" {class_name}"
    else:
        css = class_name
    for token in classes.split():
        if token not in css.split():
            css += f" {token}"
    widget.attrs["class"] = css


def _attrs(attrs: dict) -> str:
    """bootstrap5/layout/attrs.html."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _options(bf: BoundField) -> str:
    """bootstrap5/layout/radio_checkbox_select.html (not inline)."""
    invalid = " is-invalid" if bf.errors else ""
    name = conditional_escape(bf.html_name)
    parts = ["<div >"]
    groups = list(optgroups(bf))
    for g, (group, options, _index) in enumerate(groups):
        if group:
            parts.append(format_html(" <strong>{}</strong>", group))
        for o, option in enumerate(options):
            last = o == len(options) - 1 and g == len(groups) - 1
            parts.append(
                f' <div class="form-check"> <input type="{option["type"]}" '
                f'class="form-check-input{invalid}" name="{name}" '
                f'value="{conditional_escape(str(option["value"]))}" {_attrs(option["attrs"])}> '
                f'<label for="{conditional_escape(option["attrs"].get("id", ""))}" '
                f'class="form-check-label"> {conditional_escape(str(option["label"]))} </label>'
                f"{_errors_block(bf) if last else ''} </div>"
            )
    parts.append(" </div>")
    parts.append(_help_text(bf))
    return "".join(parts)


def render_field(bf: BoundField) -> SafeString | None:
    """The field as bootstrap5/field.html renders it, or None when crispy should."""
    if bf.is_hidden:
        return mark_safe(f" {bf} ")  # noqa: S308 (Django's widget HTML)
    if not handles(bf):
        return None
    required = bf.field.required
    css = bf.css_classes()
    parts = [
        f' <div id="div_{conditional_escape(bf.auto_id)}" class="mb-3{" " + css if css else ""}">'
    ]
    fieldset = bf.use_fieldset and bf.label
    if bf.label:
        if fieldset:
            described = getattr(bf, "aria_describedby", "")
            parts.append(
                f' <fieldset aria-describedby="{conditional_escape(described)}">'
                if described
                else " <fieldset>"
            )
        tag = "legend" if bf.use_fieldset else "label"
        for_part = f' for="{conditional_escape(bf.id_for_label)}"' if bf.id_for_label else ""
        classes = "form-label" + (" requiredField" if required else "")
        classes += " fs-6" if bf.use_fieldset else ""
        asterisk = '<span class="asteriskField">*</span>' if required else ""
        label = conditional_escape(bf.label)
        parts.append(f' <{tag}{for_part} class="{classes}"> {label}{asterisk} </{tag}>')
    if _choices(bf):
        parts.append(" " + _options(bf))
    else:
        base = "form-select" if isinstance(bf.field.widget, forms.Select) else "form-control"
        _add_classes(bf, base + (" is-invalid" if bf.errors else ""))
        parts.append(f" {bf}")
        parts.append(_errors_block(bf))
        parts.append(_help_text(bf))
    if fieldset:
        parts.append(" </fieldset>")
    parts.append(" </div> ")
    return mark_safe("".join(parts))  # noqa: S308 (escaped above; widgets are Django's)


def crispy_template_field(bf: BoundField, context: dict | None = None) -> SafeString:
    """A field the way crispy renders it (its template)."""
    return get_template(FIELD_TEMPLATE).render({**CONTEXT, **(context or {}), "field": bf})


def as_crispy_field(field, template_pack: str = "bootstrap5", label_class="", field_class=""):
    """`{{ field|as_crispy_field }}`, written out for the common widgets."""
    if template_pack == "bootstrap5" and not label_class and not field_class:
        fast = render_field(field) if isinstance(field, BoundField) else None
        if fast is not None:
            return fast
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field as crispy

    return crispy(field, template_pack, label_class, field_class)


def as_crispy_form(form, template_pack: str = "bootstrap5", label_class="", field_class=""):
    """`{{ form|crispy }}`: crispy's uni_form.html (no non-field errors, no FormHelper) with
    each field written out as above; otherwise crispy's own."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form as crispy

    if (
        template_pack != "bootstrap5"
        or label_class
        or field_class
        or not isinstance(form, forms.BaseForm)
        or getattr(form, "helper", None) is not None
        or form.non_field_errors()
    ):
        return crispy(form, template_pack, label_class, field_class)
    context = {"field_template": FIELD_TEMPLATE, "form": form}
    parts = []
    for bf in form:
        fast = render_field(bf)
        parts.append(fast if fast is not None else crispy_template_field(bf, context))
    return mark_safe(remove_spaces("".join(parts).strip()))  # noqa: S308 (HTML from above)
