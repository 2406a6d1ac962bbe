"""Meeting 1 fixes the themes and preparer pairs of meetings 2–5 in one form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, Theme
from meetings.services.introduction import INTRO_KEYS, MAX_PREPARERS, FixedMeeting
from plg.models import User


class AgendaTickForm(forms.Form):
    item = forms.ChoiceField(
        choices=[(key, key) for key in INTRO_KEYS],
        error_messages={"invalid_choice": _("This is not an item of the agenda of meeting 1.")},
    )
    done = forms.BooleanField(required=False)


class MeetingRowForm(forms.Form):
    """One meeting's theme and preparers. Choices are built from lists the view loaded
    once, so four rows cost no extra queries."""

    theme = forms.TypedChoiceField(
        label=_("Theme"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of the team's themes.")},
    )
    preparers = forms.TypedMultipleChoiceField(
        label=_("Preparers"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Two members of the development team."),
        error_messages={"invalid_choice": _("Choose members of the development team.")},
    )

    def __init__(
        self,
        *args,
        meeting: Meeting,
        themes: list[Theme],
        developers: list[User],
        load: dict[User, int],
        **kwargs,
    ) -> None:
        super().__init__(*args, prefix=f"m{meeting.number}", **kwargs)
        self.meeting = meeting
        self.themes = {t.pk: t for t in themes}
        self.developers = {u.pk: u for u in developers}
        self.fields["theme"].choices = [
            ("", _("(no theme yet)")),
            *((t.pk, t.title) for t in themes),
        ]
        self.fields["preparers"].choices = [
            (u.pk, _("%(name)s (prepares %(count)s this year)") % {"name": u, "count": load[u]})
            if u in load
            else (u.pk, str(u))
            for u in developers
        ]

    def clean_preparers(self) -> list[int]:
        chosen = self.cleaned_data["preparers"]
        if len(chosen) > MAX_PREPARERS:
            raise forms.ValidationError(_("Choose at most two preparers."))
        return chosen

    def fixed(self) -> FixedMeeting:
        theme_pk = self.cleaned_data["theme"]
        return FixedMeeting(
            meeting=self.meeting,
            theme=self.themes[theme_pk] if theme_pk is not None else None,
            preparers=[self.developers[pk] for pk in self.cleaned_data["preparers"]],
        )


class FixThemesForm:
    """The four rows of meetings 2–5, valid together: a theme is used only once."""

    def __init__(
        self,
        data=None,
        *,
        meetings: list[Meeting],
        themes: list[Theme],
        developers: list[User],
        load: dict[User, int],
    ) -> None:
        self.rows = []
        for meeting in meetings:
            initial = {
                "theme": meeting.theme_id,
                "preparers": [u.pk for u in meeting.preparers.all()],
            }
            self.rows.append(
                MeetingRowForm(
                    data,
                    initial=initial,
                    meeting=meeting,
                    themes=themes,
                    developers=developers,
                    load=load,
                )
            )

    def is_valid(self) -> bool:
        # Every row is validated (no short cut), so all rows show their errors at once.
        results = [row.is_valid() for row in self.rows]
        valid = all(results)
        used: dict[int, Meeting] = {}
        for row in self.rows:
            theme_pk = row.cleaned_data.get("theme")
            if theme_pk is None:
                continue
            if theme_pk in used:
                row.add_error(
                    "theme",
                    _("“%(title)s” is already the theme of meeting %(number)s.")
                    % {"title": row.themes[theme_pk], "number": used[theme_pk].number},
                )
                valid = False
            else:
                used[theme_pk] = row.meeting
        return valid

    def fixed(self) -> list[FixedMeeting]:
        return [row.fixed() for row in self.rows]
