"""Every URL of the meeting cycle: under /t/<team>/ (team_patterns) and those that have no
team in them: the evaluation's short link, the projector's token link and the person's
calendar (subscription page and the feed's token link).

plg/urls.py includes this module at the root; the URL names have no namespace.
"""

from django.urls import include, path

from meetings import views as meeting_views
from meetings.views import absence as absence_views
from meetings.views import archive as archive_views
from meetings.views import calendar as calendar_views
from meetings.views import cases as case_views
from meetings.views import dashboard as dashboard_views
from meetings.views import evaluation_meeting as evaluation_meeting_views
from meetings.views import followup as followup_views
from meetings.views import groups as group_views
from meetings.views import hours as hours_views
from meetings.views import introduction as introduction_views
from meetings.views import learning as learning_views
from meetings.views import mail as mail_views
from meetings.views import privacy as privacy_views
from meetings.views import publishing as publishing_views
from meetings.views import reports as report_views
from meetings.views import votes as vote_views
from meetings.views import year_review as year_review_views

team_patterns = [
    path("", dashboard_views.team_dashboard, name="team_dashboard"),
    path("schooljaren/nieuw/", meeting_views.school_year_create, name="school_year_create"),
    path("schooljaren/<int:pk>/", meeting_views.planner, name="planner"),
    path("schooljaren/<int:pk>/herplannen/", meeting_views.replan, name="replan"),
    path("schooljaren/<int:pk>/vakanties/nieuw/", meeting_views.holiday_add, name="holiday_add"),
    path("vakanties/<int:pk>/", meeting_views.holiday_edit, name="holiday_edit"),
    path("vakanties/<int:pk>/verwijderen/", meeting_views.holiday_delete, name="holiday_delete"),
    path("bijeenkomsten/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("bijeenkomsten/<int:pk>/bewerken/", meeting_views.meeting_edit, name="meeting_edit"),
    path("bijeenkomsten/<int:pk>/rij/", meeting_views.meeting_row, name="meeting_row"),
    path(
        "bijeenkomsten/<int:pk>/voorbereiden/",
        meeting_views.meeting_prepare,
        name="meeting_prepare",
    ),
    path(
        "bijeenkomsten/<int:pk>/groepen-samenstellen/",
        meeting_views.meeting_compose,
        name="meeting_compose",
    ),
    path(
        "bijeenkomsten/<int:pk>/verplaatsen/",
        meeting_views.meeting_move_person,
        name="meeting_move_person",
    ),
    path(
        "bijeenkomsten/<int:pk>/groepen-bekendmaken/",
        publishing_views.meeting_publish_groups,
        name="meeting_publish_groups",
    ),
    path(
        "bijeenkomsten/<int:pk>/groepslokaal/",
        publishing_views.meeting_group_room,
        name="meeting_group_room",
    ),
    path("bijeenkomsten/<int:pk>/leiden/", meeting_views.meeting_run, name="meeting_run"),
    path(
        "bijeenkomsten/<int:pk>/leiden/stand/",
        meeting_views.meeting_run_state,
        name="meeting_run_state",
    ),
    path(
        "bijeenkomsten/<int:pk>/leiden/projectie/",
        meeting_views.meeting_projector,
        name="meeting_projector",
    ),
    path(
        "bijeenkomsten/<int:pk>/aanwezigheid/",
        meeting_views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("bijeenkomsten/<int:pk>/fase/", meeting_views.meeting_step, name="meeting_step"),
    path("bijeenkomsten/<int:pk>/afsluiten/", meeting_views.meeting_close, name="meeting_close"),
    path("bijeenkomsten/<int:pk>/afmeldingen/", meeting_views.absence_add, name="absence_add"),
    path("afmeldingen/<int:pk>/verwijderen/", meeting_views.absence_delete, name="absence_delete"),
    # Issue 11: absence requests, the attendance overview, jaartaak hours and evidence.
    path(
        "bijeenkomsten/<int:pk>/afmelden/",
        absence_views.absence_request,
        name="absence_request",
    ),
    path("afmeldverzoeken/", absence_views.absence_requests, name="absence_requests"),
    path(
        "afmeldverzoeken/<int:pk>/besluit/",
        absence_views.absence_decide,
        name="absence_decide",
    ),
    path(
        "schooljaren/<int:pk>/aanwezigheid/",
        absence_views.attendance_overview,
        name="attendance_overview",
    ),
    path("schooljaren/<int:pk>/uren/", hours_views.hours_overview, name="hours_overview"),
    path("schooljaren/<int:pk>/uren.csv", hours_views.hours_csv, name="hours_csv"),
    path("schooljaren/<int:pk>/uren.xlsx", hours_views.hours_xlsx, name="hours_xlsx"),
    path("schooljaren/<int:pk>/mijn-uren/", hours_views.my_hours, name="my_hours"),
    path("schooljaren/<int:pk>/mijn-uren.pdf", hours_views.my_hours_pdf, name="my_hours_pdf"),
    # Issue 13: the learning question (leervraag) per person per school year.
    path(
        "schooljaren/<int:pk>/leervraag/",
        learning_views.learning_question,
        name="learning_question",
    ),
    path(
        "schooljaren/<int:pk>/leervraag/koppelingen/",
        learning_views.learning_links,
        name="learning_links",
    ),
    path(
        "schooljaren/<int:pk>/leervraag/terugblik/",
        learning_views.learning_reflection,
        name="learning_reflection",
    ),
    path(
        "schooljaren/<int:pk>/leervragen/",
        learning_views.team_learning_questions,
        name="team_learning_questions",
    ),
    path("fasekaart/", meeting_views.phase_card, name="phase_card"),
    path("themas/", meeting_views.themes, name="themes"),
    path("themas/voorbeelden/", meeting_views.themes_add_examples, name="themes_add_examples"),
    path("themas/<int:pk>/bewerken/", meeting_views.theme_edit, name="theme_edit"),
    path("themas/<int:pk>/verwijderen/", meeting_views.theme_delete, name="theme_delete"),
    # Issue 4A: cases (werkcasussen), the theme vote and meeting 1.
    path("themas/stemmen/", vote_views.theme_votes, name="theme_votes"),
    path("themas/stemmen/<int:pk>/", vote_views.theme_vote_toggle, name="theme_vote_toggle"),
    path("casussen/", case_views.cases, name="cases"),
    path("casussen/nieuw/", case_views.case_new, name="case_new"),
    path("casussen/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("casussen/<int:pk>/bewerken/", case_views.case_edit, name="case_edit"),
    path("casussen/<int:pk>/intrekken/", case_views.case_withdraw, name="case_withdraw"),
    path("bijeenkomsten/<int:pk>/casussen/", case_views.meeting_cases, name="meeting_cases"),
    path("groepen/<int:pk>/casus/nieuw/", case_views.group_case_spot, name="group_case_spot"),
    path(
        "bijeenkomsten/<int:pk>/introductie/",
        introduction_views.introduction,
        name="introduction",
    ),
    path(
        "bijeenkomsten/<int:pk>/introductie/agenda/",
        introduction_views.introduction_agenda,
        name="introduction_agenda",
    ),
    path(
        "bijeenkomsten/<int:pk>/introductie/eerste-thema/",
        introduction_views.introduction_first_theme,
        name="introduction_first_theme",
    ),
    # Meeting 6, the evaluation meeting, in its run view (issue 13).
    path(
        "bijeenkomsten/<int:pk>/evaluatie/agenda/",
        evaluation_meeting_views.evaluation_agenda,
        name="evaluation_agenda",
    ),
    path(
        "bijeenkomsten/<int:pk>/evaluatie/successen/",
        evaluation_meeting_views.evaluation_record,
        name="evaluation_record",
    ),
    path(
        "bijeenkomsten/<int:pk>/evaluatie/thema/",
        evaluation_meeting_views.evaluation_theme,
        name="evaluation_theme",
    ),
    path("groepen/<int:pk>/", group_views.group_detail, name="group_detail"),
    path("groepen/<int:pk>/casus/", group_views.group_case, name="group_case"),
    path("groepen/<int:pk>/score/", group_views.group_score, name="group_score"),
    path(
        "groepen/<int:pk>/notities/<int:phase>/",
        group_views.group_note_save,
        name="group_note_save",
    ),
    path("groepen/<int:pk>/stappen/", group_views.first_step_add, name="first_step_add"),
    path(
        "groepen/<int:pk>/stappen/<int:step_pk>/verwijderen/",
        group_views.first_step_delete,
        name="first_step_delete",
    ),
    # The fase-6 verslag, its PDF, the year bundle and the phase 6 evaluation (issue 5).
    path("verslagen/", report_views.report_list, name="report_list"),
    path("verslagen/<int:year_pk>/", report_views.report_list, name="report_list_year"),
    path(
        "verslagen/<int:year_pk>/jaarbundel.pdf",
        report_views.year_bundle,
        name="year_bundle",
    ),
    path("bijeenkomsten/<int:pk>/verslag/", report_views.report_detail, name="report_detail"),
    path("bijeenkomsten/<int:pk>/verslag.pdf", report_views.report_pdf, name="report_pdf"),
    path(
        "bijeenkomsten/<int:pk>/verslag/schrijven/",
        report_views.report_edit,
        name="report_edit",
    ),
    path(
        "bijeenkomsten/<int:pk>/verslag/opslaan/<slug:field>/",
        report_views.report_field_save,
        name="report_field_save",
    ),
    path(
        "bijeenkomsten/<int:pk>/verslag/opnieuw-opstellen/",
        report_views.report_redraft,
        name="report_redraft",
    ),
    path(
        "bijeenkomsten/<int:pk>/verslag/publiceren/",
        report_views.report_publish,
        name="report_publish",
    ),
    path(
        "bijeenkomsten/<int:pk>/verslag/besproken/",
        report_views.report_discussed,
        name="report_discussed",
    ),
    path(
        "bijeenkomsten/<int:pk>/verslag/afspraken/",
        report_views.agreement_add,
        name="agreement_add",
    ),
    path(
        "bijeenkomsten/<int:pk>/verslag/afspraken/<int:agreement_pk>/verwijderen/",
        report_views.agreement_delete,
        name="agreement_delete",
    ),
    path("bijeenkomsten/<int:pk>/evaluatie/", report_views.evaluation, name="evaluation"),
    # Follow-up, the year in review (meeting 6) and the archive (issue 4, part B).
    path("stappen/<int:pk>/klaar/", followup_views.first_step_done, name="first_step_done"),
    path("afspraken/<int:pk>/klaar/", followup_views.agreement_done, name="agreement_done"),
    path("bijeenkomsten/<int:pk>/jaar/", year_review_views.year_review, name="year_review"),
    path(
        "bijeenkomsten/<int:pk>/jaar/nieuw-schooljaar/",
        year_review_views.year_rollover,
        name="year_rollover",
    ),
    path("archief/", archive_views.archive, name="archive"),
    # Calendars (issue 11): one meeting's .ics, cancelling a meeting.
    path("bijeenkomsten/<int:pk>/agenda.ics", calendar_views.meeting_ics, name="meeting_ics"),
    path(
        "bijeenkomsten/<int:pk>/afgelasten/", calendar_views.meeting_cancel, name="meeting_cancel"
    ),
]

urlpatterns = [
    path("t/<slug:team_slug>/", include(team_patterns)),
    path("e/<int:pk>/", report_views.evaluation_short, name="evaluation_short"),
    path("e-mailberichten/", mail_views.mail_preferences, name="mail_preferences"),
    path(
        "e-mailberichten/afmelden/<str:token>/",
        mail_views.mail_unsubscribe,
        name="mail_unsubscribe",
    ),
    path("privacy/", privacy_views.privacy_page, name="privacy"),
    path("mijn-gegevens/", privacy_views.my_data, name="my_data"),
    path("mijn-gegevens/download/", privacy_views.my_data_download, name="my_data_download"),
    path("projectie/<int:pk>/<str:token>/", meeting_views.projector, name="projector"),
    path(
        "projectie/<int:pk>/<str:token>/stand/",
        meeting_views.projector_state,
        name="projector_state",
    ),
    path("agenda/", calendar_views.calendar_subscription, name="calendar_subscription"),
    path("agenda/nieuwe-link/", calendar_views.calendar_regenerate, name="calendar_regenerate"),
    path("agenda/<slug:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
