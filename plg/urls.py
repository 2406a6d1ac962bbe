from django.contrib import admin
from django.urls import include, path

from meetings import views as meeting_views
from plg import views

team_patterns = [
    path("", views.team_dashboard, name="team_dashboard"),
    path("leden/", views.members, name="members"),
    path("leden/toevoegen/", views.member_add, name="member_add"),
    path("leden/importeren/", views.members_import, name="members_import"),
    path("leden/<int:pk>/rol/", views.member_role, name="member_role"),
    path("leden/<int:pk>/deactiveren/", views.member_deactivate, name="member_deactivate"),
    path("leden/<int:pk>/heractiveren/", views.member_reactivate, name="member_reactivate"),
    path("instellingen/", views.team_settings, name="team_settings"),
    path("schooljaren/nieuw/", meeting_views.school_year_create, name="school_year_create"),
    path("schooljaren/<int:pk>/", meeting_views.planner, name="planner"),
    path("schooljaren/<int:pk>/herplannen/", meeting_views.replan, name="replan"),
    path("schooljaren/<int:pk>/vakanties/nieuw/", meeting_views.holiday_add, name="holiday_add"),
    path("vakanties/<int:pk>/", meeting_views.holiday_edit, name="holiday_edit"),
    path("vakanties/<int:pk>/verwijderen/", meeting_views.holiday_delete, name="holiday_delete"),
    path("bijeenkomsten/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("bijeenkomsten/<int:pk>/bewerken/", meeting_views.meeting_edit, name="meeting_edit"),
    path("bijeenkomsten/<int:pk>/rij/", meeting_views.meeting_row, name="meeting_row"),
    path("themas/", meeting_views.themes, name="themes"),
    path("themas/voorbeelden/", meeting_views.themes_add_examples, name="themes_add_examples"),
    path("themas/<int:pk>/bewerken/", meeting_views.theme_edit, name="theme_edit"),
    path("themas/<int:pk>/verwijderen/", meeting_views.theme_delete, name="theme_delete"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", include("django.contrib.auth.urls")),
    path("beheer/", admin.site.urls),
    path("t/<slug:team_slug>/", include(team_patterns)),
]
