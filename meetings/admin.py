from django.contrib import admin

from meetings.models import Holiday, Meeting, Period, SchoolYear, Theme


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
