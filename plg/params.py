"""Numbers and ids a request brings, parsed once and strictly (issue 14).

Browsers send what people (or scripts) type. `str.isdigit()` says yes to "²" and "١٢", int()
takes the second and a 5,000-digit number, and the database then refuses an id beyond its
integer range (OverflowError on SQLite, an error on PostgreSQL): each of these was a 500.
Here a number is plain ASCII digits within a range, else it is junk:

- `int_param(request.GET, "seed", default, max=...)` for a parameter a view reads itself:
  junk raises BadParameter, which Django answers with 400;
- `BoundedModelChoiceField` / `BoundedModelMultipleChoiceField` for ids in forms: junk is
  an invalid choice (the form comes back with Django's Dutch message);
- `BoundedModelFormSet` for a formset that edits the objects of its queryset in place: as
  many forms as objects, whatever the management form says;
- `safe_next(request, target)` for a `next` to go back to: a relative path on this site,
  or None.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django import forms
from django.core.exceptions import SuspiciousOperation
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.forms.models import BaseModelFormSet
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

#: The largest id of a BigAutoField (and the largest integer SQLite stores).
MAX_DB_ID = 2**63 - 1

_PLAIN_NUMBER = re.compile(r"[0-9]{1,19}")


class BadParameter(SuspiciousOperation):
    """A number or id in the request that is not one: Django's handler answers 400."""


def plain_int(text: object, *, min: int = 0, max: int = MAX_DB_ID) -> int | None:
    """The number `text` writes in plain ASCII digits (spaces around allowed) if it lies in
    [min, max], else None."""
    if isinstance(text, int) and not isinstance(text, bool):
        number = text
    else:
        text = str(text).strip()
        if not _PLAIN_NUMBER.fullmatch(text):
            return None
        number = int(text)
    return number if min <= number <= max else None


def int_param(
    data: Mapping[str, str],
    name: str,
    default: int | None = None,
    *,
    min: int = 0,
    max: int = MAX_DB_ID,
) -> int | None:
    """The number parameter `name` of a QueryDict (request.GET or request.POST), `default`
    when it is absent or empty; BadParameter (400) when it is not a plain number in range."""
    text = data.get(name, "")
    if text is None or str(text).strip() == "":
        return default
    number = plain_int(text, min=min, max=max)
    if number is None:
        raise BadParameter(f"{name} is not a number from {min} to {max}")
    return number


def safe_next(request, target: str | None) -> str | None:
    """`target` if it is a path on this site ("/t/…"), else None: no other host, no scheme,
    and no bare word (redirect() would take it for a view name)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if "\x00" in target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return target


def _is_id(value: object) -> bool:
    return value in (None, "") or plain_int(value, min=1) is not None


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that answers an id the database cannot hold with invalid_choice."""

    def to_python(self, value):
        own = self.to_field_name or isinstance(value, self.queryset.model)
        if not own and not _is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that answers an id the database cannot hold with
    invalid_pk_value, as it does for "abc"."""

    def _check_values(self, value):
        if not self.to_field_name:
            try:
                values = frozenset(value)
            except TypeError:
                values = frozenset()
            for pk in values:
                if not _is_id(pk):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


def bounded_formfield(field, **kwargs):
    """A ModelForm's `formfield_callback`: foreign keys and many-to-many fields get the
    bounded fields above."""
    from django.db import models

    if isinstance(field, models.ForeignKey):
        kwargs.setdefault("form_class", BoundedModelChoiceField)
    elif isinstance(field, models.ManyToManyField):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
    return field.formfield(**kwargs)


class BoundedModelFormSet(BaseModelFormSet):
    """A model formset that edits exactly the objects of its queryset: it builds one form per
    object (not the 2,000 a posted `form-TOTAL_FORMS` asks for, and no new object for a
    negative `form-INITIAL_FORMS`), and refuses a post whose counts are not that number, with
    the typed values kept on the page."""

    changed_message = _("The form no longer matches the page. Reload the page and try again.")

    def _object_count(self) -> int:
        return len(self.get_queryset())

    def initial_form_count(self) -> int:
        return self._object_count() if self.is_bound else super().initial_form_count()

    def total_form_count(self) -> int:
        return self._object_count() if self.is_bound else super().total_form_count()

    def clean(self) -> None:
        super().clean()
        counts = self.management_form.cleaned_data
        expected = self._object_count()
        if (counts.get(TOTAL_FORM_COUNT), counts.get(INITIAL_FORM_COUNT)) != (expected, expected):
            raise forms.ValidationError(self.changed_message, code="changed")
