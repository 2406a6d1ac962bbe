"""Querysets compiled to SQL once per process, for the queries that run on every page.

Building a queryset and compiling it to SQL costs Django 0.3–2 ms per query; for the
membership lookup that every team page makes (a join and two subqueries) that is thirty
times more than the database takes to answer it. A `Prepared` query builds and compiles
its queryset once per database connection's vendor, with a marker in place of each value
that changes from one request to the next (the person, today's date), and afterwards runs
that SQL with the request's values. The rows go through Django's own iterable of the
queryset (`ModelIterable`, or `values_list`'s), so the result is what the queryset itself
would give: the same model instances, `select_related` objects, annotations and order.

    _MEMBERSHIPS = Prepared(
        lambda user: Membership.objects.filter(user_id=user).select_related("team"),
        user=int,
    )
    memberships = _MEMBERSHIPS(user=request.user.pk)

What may change between calls is only the values, never the query's shape: a value is an
int, a str or a date (no None, no lists, which would change the SQL), and `build` uses
each value as a plain filter value or expression value. Compiling checks that every
marker ends up in the SQL's parameters exactly as given (or, for a date, as its ISO text,
as on SQLite), and refuses the query otherwise. `tests/test_prepared.py` compares the
results with the queryset's on both databases.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet, prefetch_related_objects
from django.http import Http404

Kind = type  # int, str, datetime.date, datetime.datetime (aware) or datetime.time

# Within a small integer (Django leaves a lookup out of the SQL when its value overflows the
# column), and a number no query of the project writes as a constant.
_MARKER_INT = 32_000


def _marker(kind: Kind, index: int):
    if kind is int:
        return _MARKER_INT + index
    if kind is str:
        # With an underscore, so that a LIKE lookup's escaping shows (prep_for_like_query).
        return f"\x1fprepared_value-{index}\x1f"
    if kind is datetime.date:
        return datetime.date(1111, 1, 1 + index)
    if kind is datetime.datetime:
        return datetime.datetime(1111, 1, 1 + index, tzinfo=datetime.UTC)
    if kind is datetime.time:
        return datetime.time(11, 11, index, 111111)
    raise TypeError(f"Prepared: a value is an int, a str, a date or a datetime, not {kind}")


#: How the database backend turns a date or a datetime into a parameter (SQLite: text).
_ADAPTERS = {
    datetime.date: "adapt_datefield_value",
    datetime.datetime: "adapt_datetimefield_value",
    datetime.time: "adapt_timefield_value",
}


@dataclass(frozen=True)
class _Slot:
    """Where a parameter of the SQL comes from: a constant of the query, or a value."""

    constant: object = None
    name: str | None = None
    adapter: str | None = None  # the date went in through connection.ops' adapter (SQLite)
    int_type: type | None = None  # the int went in as a subclass (psycopg's Int2 for smallint)
    like: tuple[str, str] | None = None  # contains, startswith...: (before, after) the value


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    compiler: object  # the SQLCompiler after as_sql(): select, klass_info, ... are set
    sql: str
    slots: tuple[_Slot, ...]


class _Query:
    """The queryset's Query as its iterable sees it, with the compiled SQL."""

    def __init__(self, query, compiler):
        self._query = query
        self._compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def __getattr__(self, name):
        return getattr(self._query, name)


class Prepared:
    """A queryset `build(**values)`, compiled once; call it with the values for a list."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: Kind):
        self._build = build
        self._kinds = kinds
        self._compiled: dict[str, _Compiled] = {}  # by connection vendor
        self._lock = threading.Lock()

    def queryset(self, **values) -> QuerySet:
        """The queryset itself, as the ORM runs it (for comparing, or a one-off use)."""
        return self._build(**values)

    def __call__(self, **values) -> list[Model]:
        self._check(values)
        model = self._model()
        alias = router.db_for_read(model)
        connection = connections[alias]
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(connection.vendor) or self._compile(alias)
                self._compiled[connection.vendor] = compiled
        params = tuple(_value(slot, values, connection) for slot in compiled.slots)
        compiler = _shallow_copy(compiled.compiler)
        compiler.connection = connection  # connections are per thread
        compiler.using = alias
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
        source = _shallow_copy(compiled.queryset)
        source._result_cache = None
        source._db = alias
        source.query = _Query(compiled.queryset.query, compiler)
        rows = list(compiled.queryset._iterable_class(source))
        lookups = compiled.queryset._prefetch_related_lookups
        if lookups and rows and isinstance(rows[0], Model):
            prefetch_related_objects(rows, *lookups)
        return rows

    def get_or_404(self, **values) -> Model:
        """The one row (the first) for these values, or Http404 (get_object_or_404)."""
        found = self(**values)
        if not found:
            raise Http404
        return found[0]

    def _check(self, values: dict) -> None:
        if set(values) != set(self._kinds):
            raise TypeError(f"Prepared: expected the values {sorted(self._kinds)}")
        for name, value in values.items():
            kind = self._kinds[name]
            if type(value) is not kind:  # not a bool for an int, not a datetime for a date
                raise TypeError(f"Prepared: {name} must be of type {kind.__name__}, not {value!r}")

    def _model(self):
        model = getattr(self, "_model_class", None)
        if model is None:
            model = self._model_class = self._sample().model
        return model

    def _sample(self) -> QuerySet:
        markers = {name: _marker(kind, i) for i, (name, kind) in enumerate(self._kinds.items())}
        return self._build(**markers)

    def _compile(self, alias: str) -> _Compiled:
        markers = {name: _marker(kind, i) for i, (name, kind) in enumerate(self._kinds.items())}
        queryset = self._build(**markers)
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as error:
            raise ValueError("Prepared: the query left a value out of its SQL") from error
        ops = connections[alias].ops
        by_value = {}
        for name, marker in markers.items():
            by_value[(type(marker), marker)] = _Slot(name=name)
            adapter = _ADAPTERS.get(type(marker))
            if adapter is not None:
                adapted = getattr(ops, adapter)(marker)
                by_value[(type(adapted), adapted)] = _Slot(name=name, adapter=adapter)
        liked = {ops.prep_for_like_query(m): n for n, m in markers.items() if type(m) is str}
        slots, found = [], set()
        for param in params:
            slot = by_value.get((type(param), param)) or _like_slot(param, liked)
            if slot is None and isinstance(param, int) and type(param) not in (int, bool):
                slot = by_value.get((int, int(param)))
                if slot is not None:
                    slot = _Slot(name=slot.name, int_type=type(param))
            if slot is None:
                if _derived(param):
                    raise ValueError(
                        f"Prepared: {param!r} was made from a value (as icontains or an "
                        "addition would), so it did not reach the SQL as a value"
                    )
                slots.append(_Slot(constant=param))
            else:
                slots.append(slot)
                found.add(slot.name)
        missing = set(markers) - found
        if missing:
            raise ValueError(f"Prepared: {sorted(missing)} did not reach the SQL as values")
        for marker in markers.values():
            if str(marker) in sql:
                raise ValueError("Prepared: a value was written into the SQL text")
        return _Compiled(queryset=queryset, compiler=compiler, sql=sql, slots=tuple(slots))


def _like_slot(param, liked: dict[str, str]) -> _Slot | None:
    """A pattern lookup's parameter (icontains: %value%), the value escaped for LIKE."""
    if type(param) is not str:
        return None
    for escaped, name in liked.items():
        before, found, after = param.partition(escaped)
        if found and escaped not in after and set(before + after) <= {"%"}:
            return _Slot(name=name, like=(before, after))
    return None


def _derived(param) -> bool:
    """Whether a constant of the compiled SQL looks made from a marker."""
    if isinstance(param, int) and not isinstance(param, bool):
        return abs(param - _MARKER_INT) < 1_000
    if isinstance(param, str):
        return "prepared_value-" in param or param.startswith(("1111-", "11:11:"))
    if isinstance(param, datetime.date):
        return param.year == 1111
    if isinstance(param, datetime.time):
        return param.microsecond == 111111
    return False


def _shallow_copy(obj):
    """A copy sharing the attributes' values (copy.copy of a QuerySet would run it)."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


def _value(slot: _Slot, values: dict, connection):
    if slot.name is None:
        return slot.constant
    value = values[slot.name]
    if slot.int_type is not None:
        return slot.int_type(value)
    if slot.adapter is not None:
        return getattr(connection.ops, slot.adapter)(value)
    if slot.like is not None:
        before, after = slot.like
        return before + connection.ops.prep_for_like_query(value) + after
    return value
