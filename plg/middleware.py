from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-required middleware, but htmx requests get a 401 instead of a redirect.

    htmx and fetch follow redirects silently, so an autosave after the session expired would
    receive the login page with status 200 and the user would believe the text was saved. A
    401 lets the page say "niet opgeslagen, log opnieuw in" and keep the text. Autosave
    requests say `Accept: application/json`.
    """

    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponse:
        wants_json = request.accepts("application/json") and not request.accepts("text/html")
        if getattr(request, "htmx", False) or wants_json:
            response = HttpResponse(status=401)
            response["X-Login-Required"] = "1"
            return response
        return super().handle_no_permission(request, view_func)


class LanguageMiddleware:
    """Dutch unless the person chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a school laptop
    set up in English would show English; the product is Dutch by default.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
