"""The project's URLs plus /bench/trivial/, the comparison view. It is registered only in a
benchmark process (bench/settings.py), never in the app's own urlconf."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from plg.urls import urlpatterns as project_urlpatterns


@login_not_required
def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/trivial/", trivial, name="bench_trivial"), *project_urlpatterns]
