from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from plg.models import AuditEntry, Invitation, Membership, MembershipEvent, Team, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "password1", "password2"),
            },
        ),
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "role", "is_active", "started_on", "ended_on"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "region", "slug"]
    search_fields = ["name", "school"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role", "is_active"]
    list_filter = ["team", "role", "is_active"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "team__name"]
    list_select_related = ["user", "team"]
    autocomplete_fields = ["user", "team"]


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    list_display = ["membership", "kind", "old_role", "new_role", "by", "at"]
    list_filter = ["kind"]
    list_select_related = ["membership__user", "membership__team", "by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "team", "role", "created_at", "accepted_at"]
    list_filter = ["team", "role"]
    list_select_related = ["team"]
    search_fields = ["email", "team__name"]
    exclude = ["token"]  # the link is the person's to use
    autocomplete_fields = ["team", "invited_by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: the log is evidence, not something to edit."""

    list_display = ["at", "actor", "team", "action", "object_type", "object_id", "status", "ip"]
    list_filter = ["action", "team"]
    list_select_related = ["actor", "team"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
