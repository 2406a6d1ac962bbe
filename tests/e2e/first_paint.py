"""The first paint, checked on every page of the tour (test_accessibility.py): htmx is loaded
exactly when the page has htmx attributes, and every icon shown has its glyph in the icon
subset (plg/icons.py)."""

LOADS_WHAT_IT_USES = """() => ({
  usesHtmx: !!document.querySelector(
    '[hx-get],[hx-post],[hx-put],[hx-patch],[hx-delete],[hx-trigger],[hx-boost]'),
  loadsHtmx: !!document.querySelector('script[src*="htmx"]'),
  iconsWithoutGlyph: [...document.querySelectorAll('.bi')]
    .filter(e => ['none', 'normal', '""'].includes(getComputedStyle(e, '::before').content))
    .map(e => e.className),
})"""


def assert_loads_what_it_uses(page) -> None:
    state = page.evaluate(LOADS_WHAT_IT_USES)
    assert state["usesHtmx"] == state["loadsHtmx"], state
    assert state["iconsWithoutGlyph"] == []
