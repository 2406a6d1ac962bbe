"""The Dutch catalogue is complete, clean and compiled from the current .po file.

The .po file is parsed with a small reader below (no extra dependencies); the .mo file is
read with the standard library's `gettext.GNUTranslations`, so these tests need neither
gettext nor a database.
"""

from __future__ import annotations

import ast
import gettext as gettext_module
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parent.parent / "plg" / "locale" / "nl" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[sdifr]|\{\{\s*\w+\s*\}\}")


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    has_msgstr: bool = False

    @property
    def label(self) -> str:
        return f"django.po line {self.line}: {self.msgid!r}"

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        last = max(self.msgstr_plural, default=1)
        return [self.msgstr_plural.get(i, "") for i in range(last + 1)]


def _unquote(literal: str) -> str:
    # A .po string literal uses C escapes, which Python's string syntax covers.
    return ast.literal_eval(literal)


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """Return (header, entries). Obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None
    pending_flags: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            if entry is None or (keyword in ("msgctxt", "msgid") and entry.has_msgstr):
                entry = Entry(line=number, flags=pending_flags)
                entries.append(entry)
                pending_flags = set()
            if keyword.startswith("msgstr"):
                entry.has_msgstr = True
            target = ("msgstr_plural", int(index)) if index else (keyword, None)
            _append(entry, target, _unquote(literal), reset=True)
        elif line.startswith('"') and entry is not None and target is not None:
            _append(entry, target, _unquote(line), reset=False)
        else:
            raise AssertionError(f"django.po line {number}: cannot parse {raw!r}")
    assert entries and entries[0].msgid == "", "django.po must start with its header entry"
    return entries[0], entries[1:]


def _append(entry: Entry, target: tuple[str, int | None], text: str, *, reset: bool) -> None:
    name, index = target
    if name == "msgstr_plural":
        entry.msgstr_plural[index] = ("" if reset else entry.msgstr_plural[index]) + text
    else:
        setattr(entry, name, ("" if reset else getattr(entry, name) or "") + text)


@pytest.fixture(scope="module")
def po() -> tuple[Entry, list[Entry]]:
    return parse_po(PO_PATH)


@pytest.fixture(scope="module")
def mo() -> gettext_module.GNUTranslations:
    with MO_PATH.open("rb") as handle:
        return gettext_module.GNUTranslations(handle)


def test_header_declares_dutch_utf8_and_plural_forms(po):
    header, _ = po
    fields = dict(line.split(":", 1) for line in header.msgstr.splitlines() if ":" in line)
    fields = {key.strip(): value.strip() for key, value in fields.items()}
    assert fields["Language"] == "nl"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "fuzzy" not in header.flags


def test_catalogue_is_not_empty(po):
    _, entries = po
    assert len(entries) > 100


def test_every_entry_is_translated(po):
    _, entries = po
    untranslated = [
        entry.label
        for entry in entries
        if not all(entry.translations)
        or (entry.msgid_plural is not None and len(entry.msgstr_plural) != 2)
    ]
    assert not untranslated, "Untranslated:\n" + "\n".join(untranslated)


def test_no_fuzzy_entries(po):
    _, entries = po
    fuzzy = [entry.label for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, "Fuzzy:\n" + "\n".join(fuzzy)


def test_translations_keep_the_placeholders(po):
    _, entries = po
    wrong = []
    for entry in entries:
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in entry.translations:
            if sorted(PLACEHOLDER.findall(text)) != expected:
                wrong.append(f"{entry.label} -> {text!r}")
    assert not wrong, "Placeholders differ:\n" + "\n".join(wrong)


def test_mo_is_compiled_from_the_current_po(po, mo):
    """Every .po translation comes back from the .mo, and the .mo holds nothing else.

    Run `python manage.py compilemessages --ignore=.venv` when this fails.
    """
    _, entries = po
    stale = []
    for entry in entries:
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = mo.gettext(entry.msgid)
            else:
                got = mo.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr:
                stale.append(f"{entry.label}: .mo has {got!r}")
            continue
        for n, index in ((1, 0), (2, 1)):
            if entry.msgctxt is None:
                got = mo.ngettext(entry.msgid, entry.msgid_plural, n)
            else:
                got = mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            if got != entry.msgstr_plural.get(index):
                stale.append(f"{entry.label} (n={n}): .mo has {got!r}")
    assert not stale, "Recompile the .mo:\n" + "\n".join(stale)

    def key(entry: Entry) -> str:
        return entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"

    po_ids = {key(entry) for entry in entries} | {""}
    mo_ids = {k[0] if isinstance(k, tuple) else k for k in mo._catalog}
    assert mo_ids == po_ids, "Recompile the .mo: it holds other messages than the .po"


def test_django_serves_the_dutch_catalogue():
    with translation.override("nl"):
        assert translation.gettext("Log in") == "Inloggen"
        assert translation.gettext("Replan by the rule") == "Opnieuw plannen volgens de regel"
        assert translation.gettext("Monday") == "maandag"
        assert (
            translation.ngettext("%(count)s person added.", "%(count)s people added.", 3)
            % {"count": 3}
            == "3 personen toegevoegd."
        )
