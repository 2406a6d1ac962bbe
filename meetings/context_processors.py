from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from meetings.models import SchoolYear


def school_year(request: HttpRequest) -> dict:
    """The navigation bar's link to the year plan: the id of the current school year of the
    team in the URL (`nav_year_pk`).

    Read with the view's membership (meetings.access.member) when it did; else lazily, so
    pages that do not show it run no query for it. It is only shown next to a team the view
    has already checked access to.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if hasattr(request, "nav_year_pk"):
        return {"nav_year_pk": request.nav_year_pk}

    def current_year_pk() -> int | None:
        match = request.resolver_match
        slug = match.kwargs.get("team_slug") if match else None
        if not slug:
            return None
        year = SchoolYear.objects.filter(team__slug=slug).current(timezone.localdate())
        return year.pk if year else None

    return {"nav_year_pk": SimpleLazyObject(current_year_pk)}
