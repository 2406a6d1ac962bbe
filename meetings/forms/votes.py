"""Proposing a theme idea for the vote, optionally linked to one of one's own cases."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from meetings.forms.planning import ThemeForm
from meetings.models import Case
from plg.models import Team, User


class ThemeIdeaForm(ThemeForm):
    """The one form to propose a theme, on the themes page and on the vote page: saving it
    adds the theme to the team, proposed by `owner`."""

    class Meta(ThemeForm.Meta):
        fields = ["title", "description", "case"]
        labels = {"description": _("Why it matters"), "case": _("One of your cases (optional)")}
        help_texts = {
            "description": _("What would the team learn; why now?"),
            "case": _("Only people who may read the case see which one it is."),
        }
        error_messages = {
            "title": {"required": _("Give the theme a title.")},
            "case": {"invalid_choice": _("Choose one of your own cases.")},
        }

    def __init__(self, *args, team: Team, owner: User, **kwargs) -> None:
        super().__init__(*args, team=team, **kwargs)
        self.fields["case"].queryset = Case.objects.filter(team=team, owner=owner).order_by("title")
        self.fields["case"].empty_label = _("(no case)")
        if self.instance.pk is None:
            self.instance.team = team
            self.instance.proposed_by = owner
