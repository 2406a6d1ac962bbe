"""System checks for running in production (README: "Running in production")."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=False)
def collected_static_files(app_configs, **kwargs):
    """PLG_COLLECTED_STATIC=1 serves the hashed files: without collectstatic every page fails."""
    if not getattr(settings, "STATIC_COLLECTED", False):
        return []
    if (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        return []
    return [
        Warning(
            f"PLG_COLLECTED_STATIC is set, but {settings.STATIC_ROOT} has no staticfiles.json.",
            hint="Run `python manage.py collectstatic --noinput` before starting the app.",
            id="plg.W001",
        )
    ]
