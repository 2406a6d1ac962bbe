"""The fase-6 verslag is plain text with two conventions, so the page and the PDF can set it
with headings and lists without accepting any markup:

- a line starting with "# " is a section heading, "## " a subheading;
- a line starting with "- " (or "* ") is an item of a bulleted list;
- other lines are paragraphs; a blank line ends a paragraph, a single line break stays one.

Everything else is text: templates escape it, so nothing typed can become HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING, SUBHEADING, PARAGRAPH, LIST = "heading", "subheading", "paragraph", "list"


@dataclass
class Block:
    kind: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _line_kind(line: str) -> tuple[str, str]:
    stripped = line.strip()
    if stripped.startswith("## "):
        return SUBHEADING, stripped[3:].strip()
    if stripped.startswith("# "):
        return HEADING, stripped[2:].strip()
    if stripped.startswith(("- ", "* ")):
        return LIST, stripped[2:].strip()
    return PARAGRAPH, line.rstrip()


def parse(text: str) -> list[Block]:
    """The text as a list of blocks, in order; empty headings and items are dropped."""
    blocks: list[Block] = []
    current: Block | None = None
    for raw in text.replace("\r\n", "\n").split("\n"):
        if not raw.strip():
            current = None
            continue
        kind, content = _line_kind(raw)
        if kind in (HEADING, SUBHEADING):
            if content:
                blocks.append(Block(kind, [content]))
            current = None
        elif kind == LIST:
            if current is None or current.kind != LIST:
                current = Block(LIST)
                blocks.append(current)
            if content:
                current.lines.append(content)
        else:
            if current is None or current.kind != PARAGRAPH:
                current = Block(PARAGRAPH)
                blocks.append(current)
            current.lines.append(content.strip())
    return [block for block in blocks if block.lines]


def heading(text: str, *, sub: bool = False) -> str:
    """A heading line for a drafted text (the inverse of `parse`)."""
    return f"{'##' if sub else '#'} {' '.join(text.split())}"


def item(text: str) -> str:
    """A list item line for a drafted text; line breaks inside it become spaces."""
    return f"- {' '.join(text.split())}"


_MARKUP = re.compile(r"^[ \t]*(?:#{1,2} |[-*] )", re.MULTILINE)


def plain(text: str) -> str:
    """The text without its line markup (headings' "# " and "## ", list items' "- "), as
    an excerpt shows it."""
    return _MARKUP.sub("", text)
