"""The jaartaak overview as CSV and XLSX (openpyxl), for the team leader's administration."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from meetings.services.hours import MemberHours


def _header() -> list[str]:
    return [
        _("Name"),
        _("E-mail address"),
        _("Role"),
        _("Meetings in membership"),
        _("Meetings attended"),
        _("Planned preparation"),
        _("Planned participation"),
        _("Planned total"),
        _("Realised preparation"),
        _("Realised participation"),
        _("Realised total"),
        _("Difference"),
    ]


def _row(item: MemberHours) -> list:
    h = item.hours
    return [
        item.user.get_full_name() or item.user.email,
        item.user.email,
        str(item.membership.get_role_display()),
        h.meetings_in_membership,
        h.meetings_attended,
        h.planned_preparation,
        h.planned_participation,
        h.planned,
        h.realised_preparation,
        h.realised_participation,
        h.realised,
        h.difference,
    ]


def hours_csv(rows: list[MemberHours]) -> str:
    """Semicolon-separated with decimal commas, as Dutch Excel opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_header())
    for item in rows:
        writer.writerow(
            [str(v).replace(".", ",") if not isinstance(v, str) else v for v in _row(item)]
        )
    return "\ufeff" + out.getvalue()


def hours_xlsx(rows: list[MemberHours], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in rows:
        sheet.append([float(v) if not isinstance(v, (str, int)) else v for v in _row(item)])
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(40, width + 2)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
