from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plg.member_import import MemberRow, parse_member_list
from plg.models import Membership, Role, Team

MAX_UPLOAD_BYTES = 512 * 1024


class MemberAddForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.TEACHER)

    def __init__(self, *args, team: Team, **kwargs) -> None:
        self.team = team
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(team=self.team, user__email=email, is_active=True).exists():
            raise forms.ValidationError(
                _("%(email)s is already a member of this team."), params={"email": email}
            )
        return email


class MemberImportForm(forms.Form):
    text = forms.CharField(
        label=_("Paste a list"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": "Marije van der Lee; m.vanderlee@school.nl"}
        ),
        help_text=_(
            "One person per line: name and e-mail address, separated by a comma, "
            "semicolon or tab. A third column may give the role."
        ),
    )
    file = forms.FileField(
        label=_("Or upload a CSV file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    rows: list[MemberRow]

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 512 kB)."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file could not be read as text."))

    def clean(self) -> dict:
        cleaned = super().clean()
        text = (cleaned.get("file") or "") + "\n" + (cleaned.get("text") or "")
        if not text.strip() and not self.errors:
            raise forms.ValidationError(_("Paste a list or choose a file."))
        rows, errors = parse_member_list(text)
        if errors:
            raise forms.ValidationError(errors)
        if not rows and not self.errors:
            raise forms.ValidationError(_("The list contains nobody."))
        self.rows = rows
        return cleaned


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TeamSettingsForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = [
            "name",
            "school",
            "region",
            "default_weekday",
            "default_start_time",
            "default_room",
            "hours_developer_preparation",
            "hours_developer_participation",
            "hours_member_participation",
            "case_retention_years",
            "evaluation_open_hours",
        ]
        widgets = {"default_start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
