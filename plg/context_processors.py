from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from plg.models import Membership


def teams(request: HttpRequest) -> dict:
    """The navigation bar's teams: the person's active memberships.

    Lazy, so pages that do not show them (the login page) run no query for them; a page
    whose view read them already with its membership (meetings.access.member) runs none.
    The current team's school year comes from meetings.context_processors.school_year.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    listed = getattr(request, "nav_memberships", None)  # read with the view's membership
    if listed is not None:
        return {"my_memberships": listed}

    def memberships() -> list[Membership]:
        return list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("team")
            .order_by("team__name")
        )

    return {"my_memberships": SimpleLazyObject(memberships)}
