from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-required middleware, but htmx requests get a 401 instead of a redirect.

    htmx follows redirects silently, so an autosave after the session expired would receive
    the login page with status 200 and the user would believe the text was saved. A 401 lets
    the page say "niet opgeslagen, log opnieuw in" and keep the text.
    """

    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponse:
        if getattr(request, "htmx", False):
            response = HttpResponse(status=401)
            response["X-Login-Required"] = "1"
            return response
        return super().handle_no_permission(request, view_func)
