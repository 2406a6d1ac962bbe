"""The Bootstrap Icons subset the pages load (plg/icons.py, `manage.py subset_icons`): every
icon the app names is in it, with its glyph in the subset font, and it is up to date."""

from __future__ import annotations

import re

import pytest
from fontTools.ttLib import TTFont

from plg import icons

SUBSET_RULE = re.compile(r'\.(bi-[a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}')


def _subset_rules() -> dict[str, int]:
    return {n: int(c, 16) for n, c in SUBSET_RULE.findall(icons.SUBSET_CSS.read_text())}


def test_every_icon_the_app_uses_is_in_the_subset():
    missing = sorted(icons.used_icons() - set(_subset_rules()))

    assert not missing, (
        f"Icons used but not in {icons.SUBSET_CSS.name}: {missing}. "
        "Run `python manage.py subset_icons` and commit the result."
    )


def test_every_icon_is_one_of_bootstrap_icons():
    assert icons.used_icons() <= set(icons.full_set())


def test_the_subset_font_has_every_glyph_the_stylesheet_names():
    cmap = TTFont(icons.SUBSET_FONT).getBestCmap()

    assert set(_subset_rules().values()) <= set(cmap)
    assert len(cmap) < 100  # the subset, not the full set of 2000


def test_the_subset_is_what_the_generator_writes_today():
    """No stale icons either: the stylesheet is exactly the generator's for today's icons."""
    every = icons.full_set()
    expected = icons.subset_css({name: every[name] for name in icons.used_icons()})

    assert icons.SUBSET_CSS.read_text() == expected


def test_the_icon_names_are_read_from_templates_code_and_scripts(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '<i class="bi bi-trash"></i> <span class="abi-x tabi-y">'
    )
    (tmp_path / "meetings").mkdir()
    (tmp_path / "meetings" / "views.py").write_text('ICON = "bi-check-circle-fill"\n')

    assert icons.used_icons(tmp_path) == {"bi-trash", "bi-check-circle-fill"}


def test_an_unknown_icon_stops_the_generator(monkeypatch):
    monkeypatch.setattr(icons, "used_icons", lambda: {"bi-trash", "bi-no-such-icon"})

    with pytest.raises(icons.UnknownIcons, match="bi-no-such-icon"):
        icons.build()


def test_no_page_links_the_full_icon_set():
    linking = [
        str(path)
        for path in (icons.ROOT / "templates").rglob("*.html")
        if "bootstrap-icons.min.css" in path.read_text()
    ]
    assert linking == []
