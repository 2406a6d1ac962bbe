"""E-mail preferences ("E-mailberichten", in the user menu) and the one-click unsubscribe
link in every mail's footer (no login: the signed token is the proof).

The unsubscribe link's GET only shows what it will do (a GET never writes); its POST, from
the page's button or from a mail program's one-click (RFC 8058, List-Unsubscribe-Post),
turns that kind of mail off.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from meetings import notifications
from meetings.access import BadUnsubscribeLink, own_person, unsubscribe_target
from meetings.models import MailKind


@require_http_methods(["GET", "POST"])
def mail_preferences(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    if request.method == "POST":
        chosen = request.POST.getlist("kinds")
        notifications.set_wanted_kinds(person, chosen)
        messages.success(request, _("Your e-mail preferences have been saved."))
        return redirect("mail_preferences")
    wanted = notifications.wanted_kinds(person)
    kinds = [(kind, label, kind in wanted) for kind, label in MailKind.choices]
    return render(request, "meetings/mail_preferences.html", {"kinds": kinds})


@login_not_required
@csrf_exempt  # the mail program's one-click POST has no CSRF token; the signed token is the proof
@require_http_methods(["GET", "POST"])
def mail_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person, kind = unsubscribe_target(token)
    except BadUnsubscribeLink:
        return render(request, "meetings/mail_unsubscribe_invalid.html", status=400)
    done = request.method == "POST"
    if done:
        notifications.turn_off(person, kind)
    context = {"person": person, "kind_label": MailKind(kind).label, "done": done}
    return render(request, "meetings/mail_unsubscribe.html", context)
