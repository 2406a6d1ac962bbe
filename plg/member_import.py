"""Reading a pasted or uploaded list of team members (names and e-mail addresses).

Pure: text in, rows and Dutch error messages out. Accepts comma, semicolon or tab
separated lines (what Excel and Outlook give), also mixed in one list, with or without a
header line, with the name and e-mail address in either order and an optional role column.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

ROLE_WORDS = {
    "teamleider": "teamleider",
    "team leader": "teamleider",
    "ontwikkelteam": "ontwikkelteam",
    "development team": "ontwikkelteam",
    "teamlid": "teamlid",
    "docent": "teamlid",
    "team member": "teamlid",
    "": "teamlid",
}
HEADER_WORDS = {"naam", "name", "e-mail", "email", "e-mailadres", "rol", "role"}


@dataclass(frozen=True)
class MemberRow:
    line: int
    first_name: str
    last_name: str
    email: str
    role: str


def split_name(full_name: str) -> tuple[str, str]:
    """'Marije van der Lee' → ('Marije', 'van der Lee'); 'Lee, Marije van der' (as address
    books write it) gives the same."""
    last, comma, first = full_name.partition(",")
    if comma:
        full_name = f"{first} {last}"
    parts = full_name.split()
    if not parts:
        return "", ""
    return parts[0], " ".join(parts[1:])


def _cells(line: str) -> list[str]:
    """One line's cells. Each line is split on its own separator (tab, else semicolon, else
    comma), so a list pasted together from Excel and an e-mail reads line by line."""
    delimiter = next((sep for sep in "\t;" if sep in line), ",")
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]


def parse_member_list(text: str) -> tuple[list[MemberRow], list[str]]:
    rows: list[MemberRow] = []
    errors: list[str] = []
    seen: set[str] = set()
    for line, raw in enumerate(text.strip().splitlines(), start=1):
        cells = _cells(raw)
        if not any(cells):
            continue
        if line == 1 and {c.lower() for c in cells if c} <= HEADER_WORDS:
            continue
        emails = [c for c in cells if "@" in c]
        others = [c for c in cells if "@" not in c]
        if len(emails) != 1:
            errors.append(
                _("Line %(line)s: put exactly one e-mail address on each line.") % {"line": line}
            )
            continue
        email = emails[0].lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("Line %(line)s: “%(email)s” is not a valid e-mail address.")
                % {"line": line, "email": emails[0]}
            )
            continue
        name = others[0] if others else ""
        role_word = others[1].lower() if len(others) > 1 else ""
        if role_word not in ROLE_WORDS:
            errors.append(
                _(
                    "Line %(line)s: unknown role “%(role)s” "
                    "(use teamleider, ontwikkelteam or teamlid)."
                )
                % {"line": line, "role": others[1]}
            )
            continue
        if not name:
            errors.append(_("Line %(line)s: the name is missing.") % {"line": line})
            continue
        if email in seen:
            errors.append(
                _("Line %(line)s: %(email)s appears twice in the list.")
                % {"line": line, "email": email}
            )
            continue
        seen.add(email)
        first_name, last_name = split_name(name)
        rows.append(MemberRow(line, first_name, last_name, email, ROLE_WORDS[role_word]))
    return rows, errors
