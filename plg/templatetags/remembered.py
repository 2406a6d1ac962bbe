"""Django's `{% url %}` tag and `date` and `time` filters, remembering what they wrote.

A page of PLG Cyclus reverses 50 to 75 URLs and formats 20 to 40 dates (the planner: a
row per meeting and holiday, each with its edit and delete links); Django's reverse()
takes 20 µs and the date filter 40 µs each time, for results that only change with their
input. This library is one of the template engine's builtins (plg/settings.py, TEMPLATES),
so every template uses it instead of Django's own tag and filters, with the same syntax and
the same output (tests/test_remembered.py compares them).

What is remembered is a pure function of the key, per process (nothing another process
needs): the URL from the view name, the arguments, the URL configuration, the script prefix,
the current app and the language; the text of a date or a time (not a datetime, whose time
zone would have to be part of the key) from the value, the format and the language.
"""

from __future__ import annotations

import datetime
import functools

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters, defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

_PLAIN = (str, int)  # argument types whose value says everything about the URL they make


@functools.lru_cache(maxsize=8192)
def _reverse(key: tuple) -> str:
    view_name, args, kwargs, current_app, urlconf, _prefix, _language = key
    return reverse(
        view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


def remembered_reverse(view_name, args, kwargs, current_app) -> str:
    """reverse(), remembered when every argument is a str or an int (as the URL says it)."""
    values = [*args, *kwargs.values()]
    if not isinstance(view_name, str) or any(type(v) not in _PLAIN for v in values):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _reverse(
        (
            view_name,
            tuple(args),
            tuple(sorted(kwargs.items())),
            current_app,
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
            get_language(),
        )
    )


class RememberedURLNode(defaulttags.URLNode):
    """Django's URLNode.render (5.2), with remembered_reverse for reverse."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = remembered_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = RememberedURLNode
    return node


@functools.lru_cache(maxsize=4096)
def _formatted(function, value, arg, _language) -> str:
    return function(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter; a date's text is remembered."""
    if type(value) is datetime.date:
        return _formatted(defaultfilters.date, value, arg, get_language())
    return defaultfilters.date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    """Django's `time` filter; the text of a time without a time zone is remembered."""
    if type(value) is datetime.time and value.tzinfo is None:
        return _formatted(defaultfilters.time, value, arg, get_language())
    return defaultfilters.time(value, arg)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    """A test that changes the URLs, the formats or the languages starts afresh."""
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "USE_L10N", "FORMAT_MODULE_PATH"}:
        _reverse.cache_clear()
        _formatted.cache_clear()
    if setting.endswith("_FORMAT"):
        _formatted.cache_clear()
