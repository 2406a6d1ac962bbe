"""The fase-6 verslag: the team's list of reports, reading and writing a report, its PDF and
the year bundle, and the phase 6 evaluation participants fill in on their phone.

Who may do what (meetings/access.py): a published report is for the whole team; a draft is
for the meeting's two preparers and the team leader, who write and publish it (for anyone
else a draft does not exist: 404). Only the team leader sees who was absent, and marks when
the report was discussed in the teamoverleg.

The body and the conclusions save while typing (static/js/autosave.js) and are never
silently overwritten: a save based on an older version answers 409 with the other text.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meetings import autosave, pdf
from meetings.access import (
    Can,
    evaluation_refusal,
    is_facilitator,
    may_read_report,
    may_read_revisions,
    meeting_for,
    meeting_team,
    member,
    report_agreement,
    report_download,
    report_for,
    report_for_writing,
    stored_report_pdf,
    year_download,
)
from meetings.forms.reports import AgreementForm, DiscussedForm, EvaluationForm, ReportTextForm
from meetings.models import Meeting, MeetingRun, Report, SchoolYear, StoredPdf
from meetings.services import attendance, pdfs
from meetings.services import reports as services
from plg import audit
from plg.models import Membership, User

#: The autosaved texts of a report, by the name in their URL.
FIELDS = {"tekst": "text", "conclusies": "conclusions"}


# --- the list ---------------------------------------------------------------------------------


@require_GET
def report_list(request: HttpRequest, team_slug: str, year_pk: int | None = None) -> HttpResponse:
    """The six meetings of a school year with their reports as far as this member may read
    them, and the year bundle of the published ones."""
    membership = member(request, team_slug)
    years = list(SchoolYear.objects.for_team(membership.team))
    if year_pk is None:
        year = SchoolYear.objects.for_team(membership.team).current(timezone.localdate())
    else:
        year = next((y for y in years if y.pk == year_pk), None)
        if year is None:
            raise Http404
    rows = []
    if year is not None:
        meetings = (
            Meeting.objects.filter(school_year=year)
            .select_related("theme", "report")
            .prefetch_related("preparers")
            .order_by("number")
        )
        for meeting in meetings:
            report = getattr(meeting, "report", None)
            if report is not None and not may_read_report(membership, meeting, report.status):
                report = None
            rows.append((meeting, report))
    published = [r for _m, r in rows if r is not None and r.status == Report.Status.PUBLISHED]
    return render(
        request,
        "meetings/report_list.html",
        {
            "membership": membership,
            "team": membership.team,
            "year": year,
            "years": years,
            "rows": rows,
            "published_count": len(published),
        },
    )


# --- reading ----------------------------------------------------------------------------------


def _contents(report: Report) -> services.ReportContents:
    return services.report_contents([report])[0]


@require_GET
def report_detail(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, report = report_for(request, team_slug, pk)
    return render(
        request,
        "meetings/report_detail.html",
        {
            "membership": membership,
            "team": membership.team,
            "meeting": report.meeting,
            "report": report,
            "item": _contents(report),
            "can_write": is_facilitator(membership, report.meeting),
            "revisions": services.revisions(report)
            if may_read_revisions(membership, report.meeting)
            else None,
            "discussed_form": DiscussedForm(initial={"discussed_on": report.discussed_on})
            if Can(membership).plan
            else None,
        },
    )


@require_GET
def report_pdf(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The report as an A4 PDF: published ones for the team, drafts as a preview for their
    writers. Served from its stored file (rendered in the background, services/pdfs.py);
    while a render is queued a page that reloads itself says so; a report never rendered
    (or whose render is overdue) is rendered here, so nobody is left without it."""
    ready = stored_report_pdf(request, team_slug, pk)  # the usual case, in one query
    if ready is not None:
        response = _file_response(
            ready.file_name, pdf.meeting_report_filename(ready.number, ready.date)
        )
        if response is not None:
            audit.record(
                request,
                audit.Action.EXPORT,
                team=ready.team_id,
                object_type=Report._meta.model_name,
                object_id=ready.report_id,
            )
            return response
    membership, report = report_download(request, team_slug, pk)
    filename = pdf.report_filename(report)
    stored = pdfs.stored_pdf(report)
    response = _stored_response(request, membership, stored, filename)
    if response is None:
        response = _pdf_response(pdfs.report_pdf_now(report), filename)
    return response


@require_GET
def year_bundle(request: HttpRequest, team_slug: str, year_pk: int) -> HttpResponse:
    """All published reports of the school year as one PDF, for meeting 6; stored like a
    report's PDF."""
    membership, year = year_download(request, team_slug, year_pk)
    filename = pdf.bundle_filename(year)
    response = _stored_response(request, membership, pdfs.stored_bundle(year), filename)
    if response is not None:
        audit.record(request, audit.Action.EXPORT, year)
        return response
    reports = services.published_reports(year)
    if not reports:
        raise Http404
    audit.record(request, audit.Action.EXPORT, year)
    return _pdf_response(pdf.year_bundle_pdf(year, reports), filename)


def _stored_response(
    request: HttpRequest, membership: Membership, stored: StoredPdf | None, filename: str
) -> HttpResponse | None:
    """The stored file, or the page that waits for it; None: render it here."""
    if stored is None:
        return None
    if stored.ready:
        return _file_response(stored.file.name, filename)
    if stored.waiting:
        response = render(
            request,
            "meetings/pdf_pending.html",
            {"membership": membership, "team": membership.team, "filename": filename},
        )
        response["Cache-Control"] = "no-store"
        return response
    return None


def _file_response(name: str, filename: str) -> HttpResponse | None:
    """A stored PDF (`name` in the storage of StoredPdf.file); None when it is not there."""
    try:
        data = StoredPdf.file.field.storage.open(name, "rb")
    except OSError:  # storage not shared with the worker, or the file was removed
        return None
    return _pdf_headers(FileResponse(data, content_type="application/pdf"), filename)


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    return _pdf_headers(HttpResponse(data, content_type="application/pdf"), filename)


def _pdf_headers(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


# --- writing ----------------------------------------------------------------------------------


def _render_edit(
    request: HttpRequest,
    membership: Membership,
    report: Report,
    *,
    status: int = 200,
    typed: dict | None = None,
    agreement_form: AgreementForm | None = None,
) -> HttpResponse:
    """The writing page. `typed` replaces one field after a refused plain form post, so
    what was typed comes back in the page, with the other text when there was a conflict."""
    fields = {
        name: {
            "text": getattr(report, name),
            "version": getattr(report, version_field),
            "saved_at": report.updated_at if getattr(report, version_field) else None,
        }
        for name, version_field in services.EDITABLE_FIELDS.items()
    }
    if typed is not None:
        fields[typed.pop("field")] = typed
    context = {
        **_agreements_context(membership, report, agreement_form),
        "fields": fields,
        "evaluation_count": report.meeting.evaluations.count(),
        "max_length": ReportTextForm.max_length,
    }
    return render(request, "meetings/report_edit.html", context, status=status)


def _agreements_context(
    membership: Membership, report: Report, form: AgreementForm | None = None
) -> dict:
    return {
        "membership": membership,
        "team": membership.team,
        "meeting": report.meeting,
        "report": report,
        "agreements": list(services.agreements_in_order(report)),
        "agreement_form": form or AgreementForm(),
        "people": User.objects.filter(
            memberships__team=membership.team, memberships__is_active=True
        ).order_by("first_name", "last_name"),
    }


@require_GET
def report_edit(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, report = report_for_writing(request, team_slug, pk)
    return _render_edit(request, membership, report)


@require_POST
def report_field_save(request: HttpRequest, team_slug: str, pk: int, field: str) -> HttpResponse:
    """Save the body or the conclusions, refusing to overwrite a text someone else saved in
    between. fetch (autosave.js) gets JSON (meetings/autosave.py): 200 saved, 409 conflict
    with the other text, 400 invalid. A plain form post gets a redirect, or the page again
    with the typed text."""
    membership, report = report_for_writing(request, team_slug, pk)
    if field not in FIELDS:
        raise Http404
    field_name = FIELDS[field]
    outcome = autosave.submit(
        ReportTextForm(request.POST),
        lambda text, version: services.save_report_field(
            report=report, field_name=field_name, text=text, version=version, by=request.user
        ),
        version_field=services.EDITABLE_FIELDS[field_name],
    )
    if outcome.saved is not None:
        audit.record(request, audit.Action.CHANGE, report)
    if autosave.wants_json(request):
        return autosave.json_answer(outcome, viewer=request.user)
    if outcome.saved is not None:
        messages.success(request, _("The text has been saved."))
        return redirect(reverse("report_edit", args=[team_slug, pk]) + f"#{field}")
    typed = {
        "field": field_name,
        "text": outcome.text,
        "version": outcome.version,
        "conflict": outcome.conflict,
        "error": outcome.error,
    }
    return _render_edit(request, membership, report, typed=typed, status=outcome.status)


@require_POST
def report_redraft(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, report = report_for_writing(request, team_slug, pk)
    if services.redraft_report(report=report):
        audit.record(request, audit.Action.CHANGE, report)
        messages.success(request, _("The text has been drafted again from the group notes."))
    else:
        messages.error(request, _("The text has already been edited; it has not been replaced."))
    return redirect("report_edit", team_slug=team_slug, pk=pk)


@require_POST
def agreement_add(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """An agreement: what is done by the next meeting, who does it, by when."""
    membership, report = report_for_writing(request, team_slug, pk)
    form = AgreementForm(request.POST)
    if form.is_valid():
        services.add_agreement(report=report, by=request.user, **form.cleaned_data)
        audit.record(request, audit.Action.CHANGE, report)
        if not request.htmx:
            messages.success(request, _("The agreement has been added."))
            return redirect(reverse("report_edit", args=[team_slug, pk]) + "#agreements")
        form = None
    if request.htmx:
        context = _agreements_context(membership, report, form)
        return render(request, "meetings/report_edit.html#agreements", context)
    return _render_edit(request, membership, report, agreement_form=form, status=400)


@require_POST
def agreement_delete(
    request: HttpRequest, team_slug: str, pk: int, agreement_pk: int
) -> HttpResponse:
    membership, report, agreement = report_agreement(request, team_slug, pk, agreement_pk)
    services.delete_agreement(agreement=agreement, by=request.user)
    audit.record(request, audit.Action.CHANGE, report)
    if request.htmx:
        return render(
            request, "meetings/report_edit.html#agreements", _agreements_context(membership, report)
        )
    messages.success(request, _("The agreement has been removed."))
    return redirect(reverse("report_edit", args=[team_slug, pk]) + "#agreements")


@require_POST
def report_publish(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, report = report_for_writing(request, team_slug, pk)
    services.publish_report(report=report, by=request.user)
    audit.record(request, audit.Action.CHANGE, report)
    messages.success(request, _("The report has been published to the team."))
    return redirect("report_detail", team_slug=team_slug, pk=pk)


@require_POST
def report_discussed(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The team leader records when the report was discussed in the teamoverleg."""
    _membership, report = report_for(request, team_slug, pk, leader=True)
    form = DiscussedForm(request.POST, meeting=report.meeting)
    if form.is_valid():
        services.mark_discussed(report=report, on=form.cleaned_data["discussed_on"])
        audit.record(request, audit.Action.CHANGE, report)
        messages.success(request, _("The date of the team meeting has been saved."))
    else:
        messages.error(request, form.errors["discussed_on"][0])
    return redirect(reverse("report_detail", args=[team_slug, pk]) + "#discussed")


# --- the evaluation in phase 6 ----------------------------------------------------------------


def evaluation(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The short evaluation participants open on their phone from the QR code in phase 6:
    anonymous unless they sign it, one answer per person."""
    membership, meeting = meeting_for(request, team_slug, pk)
    context = {"membership": membership, "team": membership.team, "meeting": meeting}
    run = MeetingRun.objects.filter(meeting=meeting).first()
    refusal = evaluation_refusal(
        meeting,
        run,
        expected=attendance.expects(meeting, membership),
        now=timezone.now(),
    )
    if refusal is not None:
        return render(
            request,
            "meetings/evaluation.html",
            {**context, "state": "closed", "refusal": refusal},
            status=403 if request.method == "POST" else 200,
        )
    answered = services.has_answered(meeting=meeting, user=request.user)
    if request.method != "POST":
        state = "answered" if answered else "open"
        return render(
            request,
            "meetings/evaluation.html",
            {**context, "state": state, "form": EvaluationForm()},
        )
    form = EvaluationForm(request.POST)
    if answered:
        return render(
            request, "meetings/evaluation.html", {**context, "state": "answered"}, status=409
        )
    if not form.is_valid():
        return render(
            request,
            "meetings/evaluation.html",
            {**context, "state": "open", "form": form},
            status=400,
        )
    try:
        services.submit_evaluation(meeting=meeting, user=request.user, **form.cleaned_data)
    except services.AlreadyAnswered:  # a double tap: the first one counted
        return render(
            request, "meetings/evaluation.html", {**context, "state": "answered"}, status=409
        )
    return render(request, "meetings/evaluation.html", {**context, "state": "thanks"})


@require_GET
def evaluation_short(request: HttpRequest, pk: int) -> HttpResponse:
    """The short address on the projector (/e/<meeting>/): on to the form in the team's
    pages, for members of the meeting's team only. The login page comes first when needed
    and returns here (?next=)."""
    membership = meeting_team(request, pk)
    return redirect("evaluation", team_slug=membership.team.slug, pk=pk)
