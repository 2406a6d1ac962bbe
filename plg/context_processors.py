from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from plg.models import Membership


def teams(request: HttpRequest) -> dict:
    """The navigation bar's data: the person's teams and the current team's school year.

    Both are lazy, so pages that do not show them (the login page) run no query for them.
    The school year is only shown next to a team the view has already checked access to.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def memberships() -> list[Membership]:
        return list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("team")
            .order_by("team__name")
        )

    def current_year():
        from meetings.models import SchoolYear

        match = request.resolver_match
        slug = match.kwargs.get("team_slug") if match else None
        if not slug:
            return None
        return SchoolYear.objects.filter(team__slug=slug).current(timezone.localdate())

    return {
        "my_memberships": SimpleLazyObject(memberships),
        "nav_year": SimpleLazyObject(current_year),
    }
