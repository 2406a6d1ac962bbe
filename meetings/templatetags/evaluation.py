"""The way to the phase 6 evaluation on the projector: a QR code and a short address."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class EvaluationLink:
    url: str
    short: str  # the address without scheme and trailing slash, to type over
    qr_svg: SafeString


@register.simple_tag(takes_context=True)
def evaluation_link(context, meeting) -> EvaluationLink:
    """The short address of the meeting's evaluation form and its QR code as inline SVG,
    made here (segno): no external service sees the address."""
    url = context["request"].build_absolute_uri(reverse("evaluation_short", args=[meeting.pk]))
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(
        scale=8,
        border=2,
        dark="#000",
        light="#fff",
        svgclass="evaluation-qr",
        title=_("QR code of the evaluation form"),
        omitsize=True,
    )
    short = url.split("://", 1)[-1].rstrip("/")
    return EvaluationLink(url=url, short=short, qr_svg=mark_safe(svg))  # segno escapes the title
