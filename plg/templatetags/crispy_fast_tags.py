"""crispy-forms' `crispy_forms_tags`, with its two field filters from plg/crispy_fast.py:
the templates `{% load crispy_fast_tags %}`."""

from crispy_forms.templatetags import crispy_forms_tags as crispy
from django import template

from plg import crispy_fast

register = template.Library()
register.tags.update(crispy.register.tags)
register.filters.update(crispy.register.filters)
register.filter("crispy", crispy_fast.as_crispy_form)
register.filter("as_crispy_field", crispy_fast.as_crispy_field)
