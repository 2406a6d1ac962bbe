from django.contrib import admin

from meetings.models import (
    AbsenceRequest,
    Agreement,
    Attendance,
    Case,
    EvaluationResponse,
    FirstStep,
    GroupNote,
    Holiday,
    MailOptOut,
    Meeting,
    MeetingRun,
    OutboxMessage,
    Period,
    Phase,
    PhaseCard,
    Report,
    ReportRevision,
    SchoolYear,
    SmallGroup,
    Theme,
    ThemeVote,
)


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["name", "team", "first_day", "last_day", "region"]
    list_filter = ["team", "region"]
    list_select_related = ["team"]
    inlines = [PeriodInline, HolidayInline]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["school_year", "number", "first_day", "last_day"]
    list_select_related = ["school_year__team"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "first_day", "last_day"]
    list_select_related = ["school_year__team"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "proposed_by"]
    list_filter = ["team"]
    search_fields = ["title", "description"]
    list_select_related = ["team", "proposed_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "school_year", "date", "start_time", "room", "theme"]
    list_filter = ["school_year__team", "school_year"]
    list_select_related = ["school_year__team", "theme"]
    filter_horizontal = ["preparers"]

    def save_model(self, request, obj, form, change):
        # Calendars learn of an edit made here too (a higher SEQUENCE for a moved meeting).
        obj.record_change(form.changed_data if change else [])
        super().save_model(request, obj, form, change)


class PhaseInline(admin.StackedInline):
    model = Phase
    extra = 0


@admin.register(PhaseCard)
class PhaseCardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "break_minutes", "break_after_phase"]
    inlines = [PhaseInline]


@admin.register(MeetingRun)
class MeetingRunAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "current_step", "started_at", "ended_at"]
    list_filter = ["status"]
    list_select_related = ["meeting__school_year__team"]
    readonly_fields = ["projector_token", "state_version"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["user", "meeting", "status", "reason"]
    list_filter = ["status"]
    list_select_related = ["user", "meeting__school_year"]


@admin.register(AbsenceRequest)
class AbsenceRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "meeting", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "meeting__school_year", "decided_by"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "team", "meeting", "may_quote"]
    list_filter = ["team"]
    list_select_related = ["owner", "team", "meeting__school_year"]


class FirstStepInline(admin.TabularInline):
    model = FirstStep
    extra = 0


@admin.register(SmallGroup)
class SmallGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "leader", "case", "answer_score"]
    list_select_related = ["meeting__school_year", "leader", "case"]
    filter_horizontal = ["members"]
    inlines = [FirstStepInline]


@admin.register(GroupNote)
class GroupNoteAdmin(admin.ModelAdmin):
    list_display = ["group", "phase", "version", "updated_at"]
    list_select_related = ["group__meeting__school_year"]


@admin.register(FirstStep)
class FirstStepAdmin(admin.ModelAdmin):
    list_display = ["what", "owner", "group", "done_at"]
    list_select_related = ["owner", "group__meeting__school_year"]


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "version", "published_at", "discussed_on"]
    list_filter = ["status"]
    list_select_related = ["meeting__school_year__team"]
    inlines = [AgreementInline]


@admin.register(ReportRevision)
class ReportRevisionAdmin(admin.ModelAdmin):
    """The trail is evidence: read only, also for the site administrator."""

    list_display = ["report", "field", "author", "at"]
    list_select_related = ["report__meeting__school_year", "author"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EvaluationResponse)
class EvaluationResponseAdmin(admin.ModelAdmin):
    """No time and no order of submission: an answer's id is random (see the model), so the
    list cannot be read side by side with who answered."""

    list_display = ["meeting", "experience"]
    list_select_related = ["meeting__school_year"]
    ordering = ["meeting", "id"]


@admin.register(ThemeVote)
class ThemeVoteAdmin(admin.ModelAdmin):
    list_display = ["theme", "voter", "school_year"]
    list_select_related = ["theme", "voter", "school_year"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The e-mail outbox: what waits, what was sent, and why a message failed."""

    list_display = ["subject", "person", "kind", "status", "created_at", "sent_at", "attempts"]
    list_filter = ["status", "kind"]
    list_select_related = ["person"]
    search_fields = ["person__email", "subject", "key"]
    readonly_fields = ["created_at", "sent_at", "claimed_until"]


@admin.register(MailOptOut)
class MailOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
