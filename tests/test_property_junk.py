"""Property: junk through every URL gives no server error, and a refused request changes nothing.

Hypothesis sends, to every named URL pattern of the project (walked from the resolver, the admin
aside: Django's own), GET requests with junk query strings and POST requests with junk bodies,
as each role: alice (team leader), bob (ontwikkelteam), carol (teamlid) and anonymous. The
junk is what browsers, scripts and careless people send: oversized values, NUL bytes, numbers
in non-ASCII digits ("²"), ids beyond the database's integers, negative formset counts,
duplicated parameters, a JSON or binary body where a form is expected. The field names are
those of the project's forms and templates, so the junk reaches the forms' validation and
the views' own parameters (next, seed, form, action, ...).

Two promises:
- no answer is a 5xx;
- an answer of 4xx leaves every row of every model as it was (row values compared; sessions,
  permissions and logs of refused requests aside).

Fast and repeatable: a bounded number of examples per URL, derandomize=True (CI sees the same
examples every run), no example database. Each example runs in a transaction that is rolled
back, so every request meets the same world.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
from types import ModuleType

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import meetings.forms
import plg.forms
from tests.test_get_is_read_only import _objects_for, world  # noqa: F401
from tests.test_view_access import _reachable

ROLES = ("alice", "bob", "carol", None)
EXAMPLES_PER_URL = 4

#: Rows that a refused request may add: the sessions of the login the test makes, and logs
#: whose job is to record refused requests (login throttling, the audit log).
# plg.AuditEntry: a refused request is logged by design (metadata only, plg/audit.py).
NOT_COMPARED_MODELS = {"sessions.Session", "auth.Permission", "admin.LogEntry", "plg.AuditEntry"}
NOT_COMPARED_APPS = {"axes"}


def _submodules(package) -> list[ModuleType]:
    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]


#: Every form and formset class of the project, by name.
FORM_CLASSES = {
    name: value
    for module in (meetings.forms, plg.forms, *_submodules(meetings.forms))
    for name, value in vars(module).items()
    if isinstance(value, type) and issubclass(value, BaseForm | BaseFormSet)
}
FORMSET_NAMES = {
    "form-TOTAL_FORMS",
    "form-INITIAL_FORMS",
    "form-MIN_NUM_FORMS",
    "form-MAX_NUM_FORMS",
    "form-0-id",
}
ALWAYS = {"next", "seed", "form", "v", "q"}


def _fields_of(form_class) -> set[str]:
    if issubclass(form_class, BaseFormSet):
        return FORMSET_NAMES | {f"form-0-{name}" for name in form_class.form.base_fields}
    return set(form_class.base_fields)


def _is_name(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_]{0,29}", value) is not None


def _vocabulary(callback) -> list[str]:
    """The parameter names a view reads: the fields of the forms it (or a helper of its
    module) builds, and the short strings in its code (`request.POST.get("place")`, and the
    values it compares with, such as form="leaders"), which are also tried as values."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:  # Django's own class-based views (login, password reset)
        form_classes = [getattr(view_class, "form_class", None)]
        form_classes.append(getattr(callback, "view_initkwargs", {}).get("authentication_form"))
        return sorted(ALWAYS.union(*(set(f.base_fields) for f in form_classes if f is not None)))
    names = set(ALWAYS)
    view = inspect.unwrap(callback)
    if getattr(view, "__module__", "").startswith(("meetings.", "plg.")):
        for node in _reachable(view):
            for leaf in ast.walk(node):
                if isinstance(leaf, ast.Name) and leaf.id in FORM_CLASSES:
                    names |= _fields_of(FORM_CLASSES[leaf.id])
                elif isinstance(leaf, ast.Constant) and _is_name(leaf.value):
                    names.add(leaf.value)
    return sorted(names)


def _patterns(resolver: URLResolver | None = None):
    """(name, URL parameter names, view) of every named URL pattern, the admin aside."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) == "admin":
                continue
            for name, converters, callback in _patterns(entry):
                yield name, {**entry.pattern.converters, **converters}, callback
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, dict(entry.pattern.converters), entry.callback


def _reads_query_string(callback) -> bool:
    view = inspect.unwrap(callback)
    if not getattr(view, "__module__", "").startswith(("meetings.", "plg.")):
        return True
    return any(
        isinstance(leaf, ast.Attribute) and leaf.attr == "GET"
        for node in _reachable(view)
        for leaf in ast.walk(node)
    )


def _is_ours(callback) -> bool:
    return getattr(inspect.unwrap(callback), "__module__", "").startswith(("meetings.", "plg."))


PATTERNS = {name: (converters, callback) for name, converters, callback in _patterns()}
VOCABULARY = {name: _vocabulary(callback) for name, (_c, callback) in PATTERNS.items()}


#: What broke views before (issue 14): numbers that are not numbers, ids beyond the database,
#: negative counts, a bare word for next=, NUL bytes, oversized text.
NASTY = st.sampled_from(
    [
        "²",  # passes str.isdigit(), not int()
        "١٢",  # Arabic-Indic digits: int() takes them
        "12345678901234567890123456",  # beyond every database integer
        "9223372036854775808",  # one beyond BigAutoField
        "1" * 5000,  # beyond Python's int() of a string
        "-1",
        "abc",  # for next=: redirect() took it for a view name
        "//evil.test/",
        "\x00",
        "a\x00b",
        "x" * 100_001,
    ]
)
ODD = st.sampled_from(
    [
        "",
        "0",
        "2026-13-45",
        "25:61",
        "true",
        "on",
        "javascript:alert(1)",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%",
        "\ud7ff\ufeff",
    ]
)
JUNK_TEXT = st.one_of(
    NASTY,
    ODD,
    st.text(max_size=20),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
RAW_BODIES = st.sampled_from(
    [
        (b"\x00\xff\xfe" * 50, "application/octet-stream"),
        (b'{"seed": "\\u00b2", "present": [1e309]}', "application/json"),
        (b"a=%ZZ&&=&b=%00&" + b"c" * 1000, "application/x-www-form-urlencoded"),
        (b"--x\r\nContent-Disposition: form-data; name=\r\n\r\n", "multipart/form-data"),
        (b"seed=%C2%B2&next=abc&form-INITIAL_FORMS=-1", "application/x-www-form-urlencoded"),
    ]
)
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
UNCOMPARED_TABLES = ("django_session", "axes_")


def _requests(names: list[str], ids: list[str]):
    """GET with a junk query string, POST with a junk form body, or POST with a raw body.
    Keys are the view's own parameter names; values are junk, the view's own words and the
    ids of the world (so that some requests get past the lookups to the forms)."""
    plausible = st.one_of(st.sampled_from(names), st.sampled_from(ids), st.sampled_from("123"))
    text = st.one_of(NASTY, JUNK_TEXT, plausible)
    # A value, or the parameter given several times (a list: duplicated parameters).
    value = st.one_of(text, st.lists(text, min_size=2, max_size=3))
    # Each of the view's parameters may be there: many at once, so that the junk in one
    # meets plausible values in the others.
    params = st.fixed_dictionaries({}, optional=dict.fromkeys(names, value))
    return st.one_of(
        st.tuples(st.just("get"), params),
        st.tuples(st.just("post"), params),
        st.tuples(st.just("raw"), RAW_BODIES),
    )


def _rows() -> dict[str, list]:
    rows = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in NOT_COMPARED_MODELS or model._meta.app_label in NOT_COMPARED_APPS:
            continue
        # last_login changes with the login the test makes for each example.
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
        rows[label] = sorted(map(str, model.objects.values_list(*fields)))
    return rows


def _wrote(queries) -> bool:
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if sql.startswith(WRITES) and not any(t.upper() in sql for t in UNCOMPARED_TABLES):
            return True
    return False


def _send(client: Client, url: str, kind: str, payload):
    if kind == "get":
        return client.get(url, payload)
    if kind == "post":
        return client.post(url, payload)
    body, content_type = payload
    if content_type.startswith("multipart"):
        content_type += "; boundary=x"
    return client.generic("POST", url, body, content_type=content_type)


#: The sweep: every parameter of the view set to one of these at once, as the team leader and
#: as a preparer (anonymous for Django's own pages), by POST and (where the view reads its
#: query string) by GET. Explicit examples, run every time before the generated ones.
SWEEP = ["²", "12345678901234567890123456", "-1", "abc"]
#: Django's own pages (login, password reset) look up what is typed: also oversized and NUL.
SWEEP_DJANGO = [*SWEEP, "x" * 100_001, "a\x00b"]


def _sweep(name: str) -> list[tuple]:
    _converters, callback = PATTERNS[name]
    roles = ("alice", "bob") if _is_ours(callback) and name != "home" else (None,)
    kinds = ("post", "get") if _reads_query_string(callback) else ("post",)
    names = VOCABULARY[name]
    calls = []
    for value in SWEEP if _is_ours(callback) else SWEEP_DJANGO:
        params = dict.fromkeys(names, value)
        if "form-TOTAL_FORMS" in params:  # a count that builds forms, so the others count
            params["form-TOTAL_FORMS"] = "1"
        calls += [(role, (kind, params), False) for role in roles for kind in kinds]
    return calls


def _world_ids(objects: dict, users: dict) -> list[str]:
    ids = {str(user.pk) for user in users.values()}
    ids |= {str(obj.pk) for obj in objects.values() if hasattr(obj, "pk")}
    return sorted(ids)


def test_the_walk_knows_every_url_of_the_project():
    """Walked from the resolver: a URL added later is walked too."""
    assert len(PATTERNS) >= 80
    assert {"meeting_compose", "phase_card", "first_step_done", "login"} <= set(PATTERNS)
    assert {"seed", "back"} <= set(VOCABULARY["meeting_compose"])
    assert {"form-INITIAL_FORMS", "form-0-minutes", "break_minutes"} <= set(
        VOCABULARY["phase_card"]
    )


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_junk_never_gives_a_server_error_nor_changes_a_row_when_refused(request, world, name):  # noqa: F811
    converters, _callback = PATTERNS[name]
    values = _objects_for(name, world)
    url = reverse(name, kwargs={key: values[key] for key in converters})
    users = {role: request.getfixturevalue(role) for role in ROLES if role}
    before = _rows()

    @settings(
        max_examples=EXAMPLES_PER_URL,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        role=st.sampled_from(ROLES),
        call=_requests(VOCABULARY[name], _world_ids(world, users)),
        htmx=st.booleans(),
    )
    def check(role, call, htmx):
        _send_and_check(role, call, htmx)

    for role, call, htmx in _sweep(name):
        check = example(role=role, call=call, htmx=htmx)(check)

    def _send_and_check(role, call, htmx):
        kind, payload = call
        client = Client(
            raise_request_exception=False, headers={"HX-Request": "true"} if htmx else {}
        )
        with transaction.atomic():
            if role:
                client.force_login(users[role])
            with CaptureQueriesContext(connection) as queries:
                response = _send(client, url, kind, payload)
            refused = 400 <= response.status_code < 500
            after = _rows() if refused and _wrote(queries) else before
            transaction.set_rollback(True)
        shown = json.dumps(payload if kind != "raw" else payload[1])[:300]
        assert response.status_code < 500, f"{kind.upper()} {url} as {role}: {shown}"
        changed = [label for label in before if before[label] != after[label]]
        assert not changed, (
            f"{kind.upper()} {url} as {role} was refused ({response.status_code}) "
            f"but changed {changed}: {shown}"
        )

    check()
