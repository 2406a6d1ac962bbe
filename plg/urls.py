"""The project's URLs: the home page, accounts, the language switch, the admin and the team's
members and settings. The meeting cycle's URLs are in meetings/urls.py, included by name so
that plg never imports meetings."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy
from django.utils.text import format_lazy
from django.views.i18n import set_language

from plg import health, views

logged_out_url = format_lazy("{}?uitgelogd=1", reverse_lazy("login"))

team_patterns = [
    path("leden/", views.members, name="members"),
    path("leden/toevoegen/", views.member_add, name="member_add"),
    path("leden/importeren/", views.members_import, name="members_import"),
    path("leden/<int:pk>/rol/", views.member_role, name="member_role"),
    path(
        "leden/<int:pk>/teacher-leader/",
        views.member_teacher_leader,
        name="member_teacher_leader",
    ),
    path("leden/<int:pk>/deactiveren/", views.member_deactivate, name="member_deactivate"),
    path("leden/<int:pk>/heractiveren/", views.member_reactivate, name="member_reactivate"),
    path(
        "leden/uitnodigingen/<int:pk>/opnieuw/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "leden/uitnodigingen/<int:pk>/intrekken/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("leden/<int:pk>/anonimiseren/", views.member_anonymise, name="member_anonymise"),
    path("instellingen/", views.team_settings, name="team_settings"),
    path("logboek/", views.audit_log, name="audit_log"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    # After logging out, the login page removes the texts autosave kept on this device.
    path(
        "account/logout/",
        auth_views.LogoutView.as_view(next_page=logged_out_url),
        name="logout",
    ),
    path("account/", include("django.contrib.auth.urls")),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("taal/", login_not_required(set_language), name="set_language"),
    path("beheer/", admin.site.urls),
    path("t/<slug:team_slug>/", include(team_patterns)),
    path("", include("meetings.urls")),
]

# Error pages keep the team's navigation (plg.views._error_page).
handler404 = "plg.views.page_not_found"
handler403 = "plg.views.permission_denied"
