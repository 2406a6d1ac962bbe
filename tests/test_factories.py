"""tests/factories.py has a factory for every model of plg and meetings, and each factory's
defaults make an object that passes the model's own validation."""

from __future__ import annotations

import inspect

import pytest
from django.apps import apps
from factory.django import DjangoModelFactory

from tests import factories

# Models without a factory (none: add a factory for every new model).
WITHOUT_FACTORY: set[str] = set()


def _factories() -> list[type[DjangoModelFactory]]:
    return [
        member
        for _name, member in inspect.getmembers(factories, inspect.isclass)
        if issubclass(member, DjangoModelFactory) and member is not DjangoModelFactory
    ]


def test_every_model_of_plg_and_meetings_has_a_factory():
    covered = {factory_class._meta.model for factory_class in _factories()}
    models = [
        model
        for label in ("plg", "meetings")
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
    ]

    missing = sorted(
        f"{model._meta.app_label}.{model.__name__}"
        for model in models
        if model not in covered and model.__name__ not in WITHOUT_FACTORY
    )

    assert missing == [], f"add a factory to tests/factories.py for: {', '.join(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("factory_class", _factories(), ids=lambda f: f.__name__)
def test_factory_defaults_make_a_valid_object(factory_class):
    obj = factory_class()
    # What the model itself fills in (an empty JSON state, no editor yet) is valid by design.
    at_model_default = [
        field.name
        for field in obj._meta.concrete_fields
        if field.has_default() or field.null
        if getattr(obj, field.attname) == (field.get_default() if field.has_default() else None)
    ]

    obj.full_clean(exclude=at_model_default)
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.django_db
def test_related_factories_agree_on_the_team():
    case = factories.CaseFactory(meeting=factories.MeetingFactory())
    vote = factories.ThemeVoteFactory()

    assert case.team == case.meeting.school_year.team
    assert vote.theme.team == vote.school_year.team
