from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Theme meetings")

    def ready(self) -> None:
        from meetings.services.attendance import on_membership_changing
        from meetings.services.learning import on_person_anonymised
        from plg.signals import membership_changing, person_anonymised

        membership_changing.connect(on_membership_changing, dispatch_uid="fix_past_attendance")
        person_anonymised.connect(on_person_anonymised, dispatch_uid="delete_learning_questions")

        from meetings.services import pdf_changes

        pdf_changes.connect()  # a change to what a PDF shows queues its render
