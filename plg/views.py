from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from plg import audit, services
from plg.access import (
    CURRENT_TEAM_SESSION_KEY,
    get_leader_membership,
    get_membership,
    invitation_for,
    membership_in_path,
    team_invitation_for,
    team_member_for,
)
from plg.anonymise import CannotAnonymise, anonymisable_ids, anonymise, with_active_anywhere
from plg.forms import MemberAddForm, MemberImportForm, MemberRoleForm, TeamSettingsForm
from plg.learning_community import plg_warnings
from plg.models import AuditEntry, Invitation, Membership, Role
from plg.params import int_param
from plg.prepared import Prepared


def home(request: HttpRequest) -> HttpResponse:
    """Go to the team the person last worked in, or let them pick one."""
    memberships = list(
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("team")
        .order_by("team__name")
    )
    invitations = services.pending_invitations_for(request.user)
    slugs = {m.team.slug for m in memberships}
    current = request.session.get(CURRENT_TEAM_SESSION_KEY)
    if not invitations:  # an open invitation is shown first
        if current in slugs:
            return redirect("team_dashboard", team_slug=current)
        if len(memberships) == 1:
            return redirect("team_dashboard", team_slug=memberships[0].team.slug)
    return render(
        request, "plg/team_list.html", {"memberships": memberships, "invitations": invitations}
    )


# plg/prepared.py: the members page's queries, compiled once.
_TEAM_MEMBERSHIPS = Prepared(
    lambda team: with_active_anywhere(
        Membership.objects.filter(team_id=team).select_related("user")
    ),
    team=int,
)
_PENDING_INVITATIONS = Prepared(
    lambda team: Invitation.objects.pending().filter(team_id=team), team=int
)


def _members_context(membership: Membership, **extra) -> dict:
    members = _TEAM_MEMBERSHIPS(team=membership.team_id)
    active = [m for m in members if m.is_active]
    return {
        "membership": membership,
        "team": membership.team,
        "active_members": active,
        "former_members": [m for m in members if not m.is_active],
        "invitations": (
            _PENDING_INVITATIONS(team=membership.team_id) if membership.is_leader else []
        ),
        "anonymisable": anonymisable_ids(members) if membership.is_leader else set(),
        "role_counts": {role: sum(m.role == role for m in active) for role in Role.values},
        **_plg_context(active),
        "add_form": MemberAddForm(team=membership.team),
        "import_form": MemberImportForm(),
        "roles": Role.choices,
        "edit_label": _("Edit"),
        **extra,
    }


def _plg_context(active: list[Membership]) -> dict:
    """The PLG (the development team) with its teacher leaders, and the method's warnings."""
    developers = [m for m in active if m.is_developer]
    leaders = [m for m in developers if m.is_teacher_leader]
    return {
        "teacher_leaders": leaders,
        "plg_size": len(developers),
        "plg_warnings": plg_warnings(developers=len(developers), teacher_leaders=len(leaders)),
    }


def members(request: HttpRequest, team_slug: str) -> HttpResponse:
    """The team's members. Rows show; the team leader edits one row at a time
    (`?bewerken=<id>`, with htmx only that row), so a large team is not a form per row."""
    editing = int_param(request.GET, "bewerken")
    shown = int_param(request.GET, "rij")
    if request.htmx and (editing or shown):
        leader, member = team_member_for(request, team_slug, editing or shown)
        return render(
            request,
            "plg/members.html#member-edit" if editing else "plg/members.html#member-row",
            {
                "m": member,
                "membership": leader,
                "team": leader.team,
                "roles": Role.choices,
                "edit_label": _("Edit"),
            },
        )
    membership = get_membership(request, team_slug)
    editing = editing if membership.is_leader else None
    return render(request, "plg/members.html", _members_context(membership, editing=editing))


def member_add(request: HttpRequest, team_slug: str) -> HttpResponse:
    membership = get_leader_membership(request, team_slug)
    if request.method != "POST":
        return redirect("members", team_slug=team_slug)
    form = MemberAddForm(request.POST, team=membership.team)
    if not form.is_valid():
        return render(request, "plg/members.html", _members_context(membership, add_form=form))
    result = services.invite_member(team=membership.team, by=request.user, **form.cleaned_data)
    base_url = request.build_absolute_uri("/")
    if result.outcome is services.Invited.INVITED:
        services.send_invitation_email(invitation=result.invitation, base_url=base_url)
        # The name as typed: whether the address has an account is not the leader's to know.
        messages.success(
            request,
            _("Invitation sent to %(name)s. They join the team when they accept it.")
            % {"name": result.name},
        )
    else:
        messages.success(request, _("%(name)s is active again.") % {"name": result.name})
    return redirect("members", team_slug=team_slug)


def members_import(request: HttpRequest, team_slug: str) -> HttpResponse:
    membership = get_leader_membership(request, team_slug)
    if request.method != "POST":
        return redirect("members", team_slug=team_slug)
    form = MemberImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "plg/members.html",
            _members_context(membership, import_form=form, show_import=True),
        )
    results = services.invite_members(team=membership.team, rows=form.rows, by=request.user)
    base_url = request.build_absolute_uri("/")
    counts = dict.fromkeys(services.Invited, 0)
    for result in results:
        counts[result.outcome] += 1
        if result.outcome is services.Invited.INVITED:
            services.send_invitation_email(invitation=result.invitation, base_url=base_url)
    invited = counts[services.Invited.INVITED]
    messages.success(
        request,
        ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", invited)
        % {"count": invited},
    )
    if reactivated := counts[services.Invited.REACTIVATED]:
        messages.info(
            request,
            ngettext(
                "%(count)s former member is active again.",
                "%(count)s former members are active again.",
                reactivated,
            )
            % {"count": reactivated},
        )
    if skipped := counts[services.Invited.ALREADY_MEMBER]:
        messages.info(
            request,
            ngettext(
                "%(count)s person was already a member.",
                "%(count)s people were already members.",
                skipped,
            )
            % {"count": skipped},
        )
    return redirect("members", team_slug=team_slug)


@require_POST
def invitation_resend(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    _membership, invitation = team_invitation_for(request, team_slug, pk)
    services.renew_invitation(invitation)
    services.send_invitation_email(invitation=invitation, base_url=request.build_absolute_uri("/"))
    messages.success(request, _("Invitation sent to %(name)s again.") % {"name": invitation.name})
    return redirect("members", team_slug=team_slug)


@require_POST
def invitation_withdraw(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    _membership, invitation = team_invitation_for(request, team_slug, pk)
    services.withdraw_invitation(invitation)
    messages.success(
        request, _("The invitation of %(name)s has been withdrawn.") % {"name": invitation.name}
    )
    return redirect("members", team_slug=team_slug)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: the invited person accepts or declines."""
    invitation = invitation_for(request, token)
    if request.method == "POST":
        if request.POST.get("answer") == "accept":
            services.accept_invitation(invitation=invitation, user=request.user)
            messages.success(request, _("Welcome to %(team)s.") % {"team": invitation.team.name})
            return redirect("team_dashboard", team_slug=invitation.team.slug)
        if request.POST.get("answer") == "decline":
            services.decline_invitation(invitation)
            messages.info(
                request,
                _("You have declined the invitation for %(team)s.")
                % {"team": invitation.team.name},
            )
            return redirect("home")
    return render(request, "plg/invitation.html", {"invitation": invitation})


@require_POST
def member_role(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, member = team_member_for(request, team_slug, pk)
    form = MemberRoleForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Choose one of the roles.")
    elif member == membership and form.cleaned_data["role"] != Role.TEAM_LEADER:
        error = _("You cannot take away your own team leader role; ask the site administrator.")
    else:
        member.change_role(form.cleaned_data["role"], by=request.user)
    if request.htmx:
        # The row says "saved" itself; a queued message would pop up on a later page.
        return render(
            request,
            "plg/members.html#member-edit",
            {
                "m": member,
                "membership": membership,
                "team": membership.team,
                "roles": Role.choices,
                "row_error": error,
                "row_saved": not error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(name)s now has the role %(role)s.")
            % {"name": member.user, "role": member.get_role_display()},
        )
    return redirect("members", team_slug=team_slug)


@require_POST
def member_teacher_leader(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The team leader marks a development-team member as teacher leader of the PLG, or
    takes the mark away (the checkbox in the member's row)."""
    membership, member = team_member_for(request, team_slug, pk)
    error = ""
    try:
        member.set_teacher_leader(request.POST.get("is_teacher_leader") == "on")
    except ValueError as exc:
        error = str(exc)
    if error:
        messages.error(request, error)
    elif member.is_teacher_leader:
        messages.success(request, _("%(name)s is now a teacher leader.") % {"name": member.user})
    else:
        messages.success(
            request, _("%(name)s is no longer a teacher leader.") % {"name": member.user}
        )
    for warning in _plg_context(list(Membership.objects.active().for_team(membership.team)))[
        "plg_warnings"
    ]:
        messages.warning(request, warning)
    return redirect("members", team_slug=team_slug)


@require_POST
def member_deactivate(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, member = team_member_for(request, team_slug, pk)
    if member == membership:
        messages.error(request, _("You cannot deactivate yourself."))
    else:
        member.deactivate(by=request.user)
        messages.success(
            request,
            _("%(name)s has been deactivated. Their history is kept.") % {"name": member.user},
        )
    return redirect("members", team_slug=team_slug)


@require_POST
def member_reactivate(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, member = team_member_for(request, team_slug, pk)
    member.reactivate(by=request.user)
    messages.success(request, _("%(name)s is active again.") % {"name": member.user})
    return redirect("members", team_slug=team_slug)


def team_settings(request: HttpRequest, team_slug: str) -> HttpResponse:
    membership = get_leader_membership(request, team_slug)
    form = TeamSettingsForm(request.POST or None, instance=membership.team)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The team settings have been saved."))
            return redirect("team_dashboard", team_slug=form.instance.slug)
        return render(
            request,
            "plg/team_settings.html",
            {"membership": membership, "team": membership.team, "form": form},
        )
    return render(
        request,
        "plg/team_settings.html",
        {"membership": membership, "team": membership.team, "form": form},
    )


AUDIT_PAGE_SIZE = 50


@require_GET
def audit_log(request: HttpRequest, team_slug: str) -> HttpResponse:
    """Logboek: who read, changed, exported or deleted a case or report of the team, the
    team members' logins and refused access on the team's URLs. For the team leader only."""
    membership = get_leader_membership(request, team_slug)
    action = request.GET.get("actie", "")
    if action not in AuditEntry.Action.values:
        action = ""
    entries = (
        AuditEntry.objects.filter(
            # Logins have no team: those of the team's people, by a subquery (a join on
            # memberships would list an entry once per team its person is in).
            Q(team=membership.team)
            | Q(
                team__isnull=True,
                actor__in=Membership.objects.filter(team=membership.team).values("user"),
            )
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "plg/audit_log.html",
        {
            "membership": membership,
            "team": membership.team,
            "page": page,
            "action": action,
            "actions": AuditEntry.Action.choices,
            "retention_days": settings.AUDIT_RETENTION_DAYS,
        },
    )


@require_POST
def member_anonymise(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Anonymise a former member: their name and e-mail address are removed everywhere, the
    team's history (attendance, hours, texts) stays."""
    _membership, member = team_member_for(request, team_slug, pk)
    try:
        anonymise(member)
    except CannotAnonymise as refused:
        messages.error(request, str(refused))
    else:
        audit.record(request, AuditEntry.Action.ANONYMISE, member)
        messages.success(request, _("The former member has been anonymised."))
    return redirect("members", team_slug=team_slug)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page, with the team's navigation when the path is inside one of the user's
    teams (Django's own handler renders it without: the view never got to its team)."""
    return _error_page(request, "404.html", 404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    membership = membership_in_path(request)
    context = {"team": membership.team, "membership": membership} if membership else {}
    return render(request, template, context, status=status)
