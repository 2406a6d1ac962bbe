from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlgConfig(AppConfig):
    name = "plg"
    verbose_name = _("Teams and people")

    def ready(self) -> None:
        from plg import (
            audit,  # noqa: F401  (connects the login signals)
            checks,  # noqa: F401  (registers the system checks)
        )
