from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from meetings.models import SchoolYear
from meetings.models.planning import current_year
from plg.prepared import Prepared

#: The years of the team in the URL, in date order (plg/prepared.py: compiled once).
_YEARS_OF_TEAM = Prepared(
    lambda slug: SchoolYear.objects.filter(team__slug=slug).order_by("first_day"), slug=str
)


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
        year = current_year(_YEARS_OF_TEAM(slug=slug), timezone.localdate())
        return year.pk if year else None

    return {"nav_year_pk": SimpleLazyObject(current_year_pk)}
