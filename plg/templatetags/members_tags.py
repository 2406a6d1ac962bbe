"""The members page's rows, one tag per row: sixty rows of five translations, a date, a
role and (for the development team) a form each were most of the page as template tags
(issue 10). The same HTML as the template had (tests/test_members_rows.py)."""

from __future__ import annotations

import functools

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plg.models import Role

register = template.Library()

_CSRF = CsrfTokenNode()
_MAKE_TEACHER_LEADER = mark_safe('<input type="hidden" name="is_teacher_leader" value="on">')


@functools.lru_cache(maxsize=8)
def _words(language: str) -> dict:
    """The row's fixed words in `language` (the active one), translated once."""
    return {
        "badge": format_html(
            ' <span class="badge text-bg-info teacher-leader-badge">{}</span>',
            _("teacher leader"),
        ),
        "email": _("E-mail address"),
        "role": _("Role"),
        "since": _("Since"),
        "no_longer": _("No longer teacher leader"),
        "make": _("Make teacher leader"),
        "roles": {value: str(label) for value, label in Role.choices},
    }


@register.simple_tag(takes_context=True)
def member_row(context, m) -> SafeString:
    """`{% member_row m %}`: a member's row (name, teacher leader, e-mail, role, since) as
    the team's members see it, with the team leader's buttons when they look."""
    viewer, team = context["membership"], context["team"]
    words = _words(get_language())
    dates = context.render_context.setdefault("member_row_dates", {})
    if m.started_on not in dates:
        dates[m.started_on] = date_format(m.started_on, "j F Y") if m.started_on else ""
    user = m.user
    name = user.get_full_name() or user.email
    badge = words["badge"] if m.is_teacher_leader else ""
    teacher_leader_form = ""
    if viewer.is_leader and m.is_developer:
        teacher_leader_form = format_html(
            '\n<form method="post" action="{}" class="d-inline">{}\n{}\n'
            '<button class="btn btn-link btn-sm p-0 ms-1 align-baseline" type="submit">{}'
            '<span class="visually-hidden"> {}</span></button>\n</form>\n',
            reverse("member_teacher_leader", args=[team.slug, m.pk]),
            _CSRF.render(context),
            "" if m.is_teacher_leader else _MAKE_TEACHER_LEADER,
            words["no_longer"] if m.is_teacher_leader else words["make"],
            user,
        )
    edit = ""
    if viewer.is_leader:
        edit = format_html(
            '\n<td class="text-end"><a class="btn btn-sm btn-outline-primary" '
            'href="?bewerken={}#member-{}" hx-get="?bewerken={}" hx-target="#member-{}" '
            'hx-swap="outerHTML">{}<span class="visually-hidden"> {}</span></a></td>',
            m.pk,
            m.pk,
            m.pk,
            m.pk,
            context.get("edit_label", ""),
            user,
        )
    return format_html(
        '<tr id="member-{}">\n<th scope="row" class="fw-normal"><span class="fw-semibold">'
        "{}</span>{}{}</th>\n"
        '<td data-label="{}"><a href="mailto:{}">{}</a></td>\n'
        '<td data-label="{}"><span class="badge role-badge role-{}">{}</span></td>\n'
        '<td class="text-body-secondary small" data-label="{}">{}</td>{}\n</tr>',
        m.pk,
        name,
        badge,
        teacher_leader_form,
        words["email"],
        user.email,
        user.email,
        words["role"],
        m.role,
        words["roles"].get(m.role, m.role),
        words["since"],
        dates[m.started_on],
        edit,
    )
