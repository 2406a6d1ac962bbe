"""Reading a pasted or uploaded list of team members (names and e-mail addresses).

Pure: text in, rows and Dutch error messages out. Accepts comma, semicolon or tab
separated lines (what Excel and Outlook give), with or without a header line, with the
name and e-mail address in either order and an optional role column.
"""

from __future__ import annotations

import csv
import io
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
    """'Marije van der Lee' → ('Marije', 'van der Lee')."""
    parts = full_name.split()
    if not parts:
        return "", ""
    return parts[0], " ".join(parts[1:])


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:2000], delimiters=",;\t")
    except csv.Error:
        # The sniffer gives up when lines have different numbers of columns (a header
        # without "Rol", a role on some lines only): take the separator most lines use.
        lines = [line for line in text.splitlines() if line.strip()]
        delimiter = max("\t;,", key=lambda sep: sum(sep in line for line in lines))
        return type("PastedList", (csv.excel,), {"delimiter": delimiter})


def parse_member_list(text: str) -> tuple[list[MemberRow], list[str]]:
    rows: list[MemberRow] = []
    errors: list[str] = []
    seen: set[str] = set()
    reader = csv.reader(io.StringIO(text.strip()), _dialect(text))
    for line, cells in enumerate(reader, start=1):
        cells = [c.strip() for c in cells]
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
