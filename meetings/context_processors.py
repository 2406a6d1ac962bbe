from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from meetings.models import SchoolYear


def school_year(request: HttpRequest) -> dict:
    """The navigation bar's link to the year plan: the current school year of the team in
    the URL.

    Lazy, so pages that do not show it run no query for it. It is only shown next to a
    team the view has already checked access to.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def current_year() -> SchoolYear | None:
        match = request.resolver_match
        slug = match.kwargs.get("team_slug") if match else None
        if not slug:
            return None
        return SchoolYear.objects.filter(team__slug=slug).current(timezone.localdate())

    return {"nav_year": SimpleLazyObject(current_year)}
