"""The archive: earlier years readable and searchable by word, without case texts, with
drafts and unpublished insights kept from those who may not read them.

The cast (tests/conftest.py): alice leads the team, bob and dave are in the ontwikkelteam
(dave prepared meeting 3 of last year), carol is a teacher, charlie leads another team.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from meetings.models import GroupNote, Meeting, Report, SchoolYear, SmallGroup
from meetings.services.archive import (
    EXCERPT_LENGTH,
    HITS_PER_PAGE,
    YEARS_PER_PAGE,
    full_text_search,
    snippet,
)
from plg.models import Role
from tests.factories import (
    CaseFactory,
    GroupNoteFactory,
    MembershipFactory,
    ReportFactory,
    SmallGroupFactory,
    ThemeFactory,
)
from tests.helpers import dutch, plan_year

WORD = "groepsapp"


def shifted_year(team, years: int, name: str) -> SchoolYear:
    # The archive does not look at holidays; leaving them out keeps the tests fast.
    return plan_year(team, name=name, weeks=52 * years, holidays=[])


@pytest.fixture
def last_year(team) -> SchoolYear:
    return shifted_year(team, -1, "2025–2026")


@pytest.fixture
def archived(team, year, last_year, bob, carol, dave) -> dict[int, Meeting]:
    """Last year's meeting 2 has a published report, meeting 3 (prepared by dave) a draft;
    both have insights that mention the word, and a case whose text does too."""
    meetings = {m.number: m for m in last_year.meetings.all()}
    theme = ThemeFactory(team=team, title="Sociale media", description=f"De {WORD} van de klas")
    meetings[2].theme = theme
    meetings[2].save()
    meetings[3].preparers.set([dave])
    case = CaseFactory(
        team=team,
        meeting=meetings[2],
        owner=carol,
        title="Screenshots",
        situation=f"Screenshots uit de {WORD} over een klasgenoot",
        question=f"Hoe bespreek ik de {WORD}?",
        may_quote=True,
    )
    for number, status in ((2, Report.Status.PUBLISHED), (3, Report.Status.DRAFT)):
        group = SmallGroupFactory(
            meeting=meetings[number],
            number=1,
            leader=bob,
            case=case if number == 2 else None,
            answer_score=7,
        )
        GroupNoteFactory(group=group, phase=1, text=f"Vraag over de {WORD} (fase 1)")
        GroupNoteFactory(group=group, phase=3, text=f"Inzicht {number}: {WORD}-regels")
        ReportFactory(
            meeting=meetings[number],
            status=status,
            text=f"Verslag {number}: afspraken over de {WORD}.",
        )
    return meetings


def archive_url(team_slug: str = "dier-en-groen") -> str:
    return reverse("archive", kwargs={"team_slug": team_slug})


def search(client, query: str, team_slug: str = "dier-en-groen"):
    return client.get(archive_url(team_slug), {"q": query})


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_archive_is_readable_for_every_member(client, request, archived, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(archive_url()).status_code == 200
    assert search(client, WORD).status_code == 200


def test_archive_is_404_for_another_team(client, archived, charlie):
    client.force_login(charlie)

    assert client.get(archive_url()).status_code == 404
    assert search(client, WORD).status_code == 404


def test_archive_under_their_own_slug_shows_nothing_of_ours(client, archived, other_team, charlie):
    client.force_login(charlie)

    response = search(client, WORD, team_slug=other_team.slug)

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"].total == 0
    assert response.context["years"] == []
    assert "Sociale media" not in content and "2025–2026" not in content


def test_archive_redirects_anonymous_to_login(client, team):
    url = archive_url()

    assert client.get(url)["Location"] == f"/account/login/?next={url}"
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 401


def test_archive_has_a_link_in_the_navigation(client, team, year, carol):
    client.force_login(carol)

    response = client.get(reverse("team_dashboard", args=[team.slug]))

    assert f'href="{archive_url()}">{dutch("Archive")}</a>' in response.content.decode()


# --- browsing ---------------------------------------------------------------------------------


def test_archive_lists_every_year_newest_first_with_themes_and_scores(
    client, archived, year, last_year, alice
):
    client.force_login(alice)

    response = client.get(archive_url())

    years = response.context["years"]
    assert [entry.year for entry in years] == [year, last_year]
    second = years[1].meetings[1]
    assert second.meeting.theme.title == "Sociale media"
    assert second.meeting.average_score == 7
    assert "Sociale media" in response.content.decode()


def test_teacher_browses_insights_of_published_meetings_only(client, archived, carol):
    client.force_login(carol)

    response = client.get(archive_url())

    content = response.content.decode()
    old = response.context["years"][1]
    assert [(m.meeting.number, len(m.insights)) for m in old.meetings if m.insights] == [(2, 1)]
    assert f"Inzicht 2: {WORD}-regels" in content
    assert f"Inzicht 3: {WORD}-regels" not in content
    assert f"Vraag over de {WORD} (fase 1)" not in content


def test_developer_browses_all_insights(client, archived, bob):
    client.force_login(bob)

    old = client.get(archive_url()).context["years"][1]

    assert [(m.meeting.number, len(m.insights)) for m in old.meetings if m.insights] == [
        (2, 1),
        (3, 1),
    ]


# --- searching --------------------------------------------------------------------------------


def _found(response) -> dict[str, list]:
    results = response.context["results"]
    return {
        "themes": [hit.obj.title for hit in results.themes.hits],
        "reports": [hit.obj.meeting.number for hit in results.reports.hits],
        "insights": [hit.obj.group.meeting.number for hit in results.insights.hits],
    }


def test_teacher_finds_themes_published_reports_and_their_insights(client, archived, carol):
    client.force_login(carol)

    response = search(client, WORD)

    assert _found(response) == {"themes": ["Sociale media"], "reports": [2], "insights": [2]}


def test_team_leader_also_finds_drafts_and_their_insights(client, archived, alice):
    client.force_login(alice)

    response = search(client, WORD)

    assert _found(response) == {
        "themes": ["Sociale media"],
        "reports": [3, 2],
        "insights": [3, 2],
    }


def test_preparer_finds_the_draft_of_their_own_meeting_only(client, archived, bob, dave):
    client.force_login(dave)
    as_preparer = search(client, WORD)
    client.force_login(bob)
    as_other_developer = search(client, WORD)

    assert _found(as_preparer)["reports"] == [3, 2]
    assert _found(as_other_developer)["reports"] == [2]


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "dave"])
def test_search_never_shows_case_texts(client, request, archived, who):
    client.force_login(request.getfixturevalue(who))

    for query in (WORD, "klasgenoot", "bespreek"):
        response = search(client, query)
        content = response.content.decode()
        assert f"Screenshots uit de {WORD} over een klasgenoot" not in content
        assert f"Hoe bespreek ik de {WORD}?" not in content
        if query != WORD:
            assert response.context["results"].total == 0


def test_search_ignores_case_and_highlights_the_match(client, archived, carol):
    client.force_login(carol)

    response = search(client, WORD.upper())

    content = response.content.decode()
    assert response.context["results"].total == 3
    assert f"<mark>{WORD}</mark>" in content
    with translation.override("nl"):
        heading = translation.ngettext(
            "%(counter)s result for “%(query)s”", "%(counter)s results for “%(query)s”", 3
        ) % {"counter": 3, "query": WORD.upper()}
    assert heading in content


def test_search_escapes_what_it_found(client, team, archived, alice):
    group = SmallGroup.objects.get(meeting=archived[2])
    GroupNote.objects.filter(group=group, phase=3).update(text=f"<b>{WORD}</b> in de klas")
    client.force_login(alice)

    content = search(client, WORD).content.decode()

    assert f"&lt;b&gt;<mark>{WORD}</mark>&lt;/b&gt;" in content


def test_search_without_hits_says_so(client, archived, carol):
    client.force_login(carol)

    response = search(client, "onvindbaar")

    assert response.context["results"].total == 0
    assert dutch("Nothing found. Try another word.") in response.content.decode()


def test_snippet_cuts_long_texts_around_the_match():
    text = "a" * 200 + " groepsapp " + "b" * 300

    result = snippet(text, "GROEPSAPP")

    assert result.match == "groepsapp"
    assert (result.cut_before, result.cut_after) == (True, True)
    assert len(result.before) == 70 and len(result.after) == 130


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a", "Type at least %(limit_value)s characters to search."),
        ("x" * 101, "Type at most %(limit_value)s characters to search."),
    ],
    ids=["too-short", "too-long"],
)
def test_search_with_bad_input_says_why_and_keeps_the_text(client, archived, carol, query, message):
    client.force_login(carol)

    response = search(client, query)

    content = response.content.decode()
    limit = 2 if query == "a" else 100
    assert response.status_code == 200
    assert response.context["results"] is None
    assert dutch(message, limit_value=limit) in content
    assert f'value="{query}"' in content


def test_empty_search_shows_the_archive(client, archived, carol):
    client.force_login(carol)

    response = search(client, "   ")

    assert response.status_code == 200
    assert response.context["results"] is None
    assert len(response.context["years"]) == 2


# --- query counts -------------------------------------------------------------------------------


def _fill(team, years: int, groups: int) -> None:
    developers = [MembershipFactory(team=team, role=Role.DEVELOPER).user for _ in range(2)]
    for k in range(years):
        school_year = shifted_year(team, -(k + 1), f"{2025 - k}–{2026 - k}")
        for meeting in school_year.meetings.all():
            meeting.theme = ThemeFactory(team=team, description=f"Over de {WORD}")
            meeting.save()
            meeting.preparers.set(developers)
            ReportFactory(meeting=meeting, status=Report.Status.PUBLISHED, text=f"De {WORD}")
            for n in range(groups):
                group = SmallGroupFactory(
                    meeting=meeting, number=n + 1, leader=developers[n % 2], answer_score=5
                )
                GroupNoteFactory(group=group, phase=3, text=f"{WORD} {n}")
                GroupNoteFactory(group=group, phase=4, text=f"Terugblik {n}")


@pytest.mark.parametrize(("years", "groups"), [(1, 1), (3, 4)], ids=["small", "large"])
@pytest.mark.parametrize(("who", "query"), [("alice", ""), ("carol", ""), ("carol", WORD)])
def test_archive_query_count_is_constant(
    client, request, django_assert_num_queries, team, year, years, groups, who, query
):
    _fill(team, years, groups)
    client.force_login(request.getfixturevalue(who))
    client.get(archive_url())
    # Session, user, the memberships (with the navigation's); the page: years, meetings, their
    # preparers, insights. A search shows hits instead of the years: per kind (themes,
    # reports, insights) a page that also says how many there are in all, and the meetings
    # the themes were used in.
    queries = 7

    with django_assert_num_queries(queries):
        response = search(client, query) if query else client.get(archive_url())

    assert response.status_code == 200
    if query:
        results = response.context["results"]
        assert results.insights.count == 6 * years * groups
        assert len(results.insights.hits) == min(HITS_PER_PAGE, 6 * years * groups)
    else:
        assert len(response.context["years"]) == min(years + 1, YEARS_PER_PAGE)


# --- history never grows a page (issue 10) --------------------------------------------------


def test_archive_is_paged_by_school_year_newest_first(client, team, year, alice):
    older = [shifted_year(team, -k, f"{2026 - k}–{2027 - k}") for k in range(1, 5)]
    client.force_login(alice)

    pages = [client.get(archive_url(), {"pagina": n}) for n in (1, 2, 3)]

    assert [[e.year for e in p.context["years"]] for p in pages] == [
        [year, older[0]],
        [older[1], older[2]],
        [older[3]],
    ]
    first = pages[0].content.decode()
    assert 'href="?pagina=2"' in first and 'href="?pagina=3"' in first
    assert 'aria-current="page"' in first
    assert dutch("Older") in first
    assert dutch("Newer") in pages[2].content.decode()
    # The current year is marked on its own page only, found among all years.
    assert pages[0].context["current_year"] == year


def test_archive_page_past_the_end_shows_the_last_page(client, team, year, last_year, alice):
    shifted_year(team, -2, "2024–2025")
    client.force_login(alice)

    response = client.get(archive_url(), {"pagina": 99})

    assert response.status_code == 200
    assert [e.year.name for e in response.context["years"]] == ["2024–2025"]


@pytest.mark.parametrize("junk", ["abc", "-1", "0", "1.5", "²", "9" * 30])
def test_archive_page_number_junk_is_400(client, archived, carol, junk):
    client.force_login(carol)

    assert client.get(archive_url(), {"pagina": junk}).status_code == 400
    assert client.get(archive_url(), {"q": WORD, "pagina": junk}).status_code == 400


def test_archive_shows_an_excerpt_of_a_long_insight(client, archived, bob):
    long_text = "begin " + "lang " * 200 + "EINDE-VAN-HET-INZICHT"
    GroupNote.objects.filter(group__meeting=archived[2], phase=3).update(text=long_text)
    client.force_login(bob)

    response = client.get(archive_url())

    content = response.content.decode()
    note = response.context["years"][1].meetings[1].insights[0]
    assert note.excerpt == long_text[:EXCERPT_LENGTH] and note.is_cut
    assert long_text[:EXCERPT_LENGTH] + "…" in content
    assert "EINDE-VAN-HET-INZICHT" not in content


def test_search_is_paged_per_kind(client, team, archived, bob):
    group = SmallGroup.objects.get(meeting=archived[3])
    for phase in (3, 4):
        GroupNote.objects.filter(group=group, phase=phase).delete()
    for n in range(HITS_PER_PAGE + 5):
        extra = SmallGroupFactory(meeting=archived[4], number=n + 2, leader=bob)
        GroupNoteFactory(group=extra, phase=3, text=f"{WORD} nummer {n}")
    client.force_login(bob)

    first = search(client, WORD)
    second = client.get(archive_url(), {"q": WORD, "pagina": 2})

    one, two = first.context["results"], second.context["results"]
    assert one.insights.count == two.insights.count == HITS_PER_PAGE + 6
    assert len(one.insights.hits) == HITS_PER_PAGE and len(two.insights.hits) == 6
    assert {h.obj.pk for h in one.insights.hits}.isdisjoint(h.obj.pk for h in two.insights.hits)
    # The other kinds have one page: page 2 shows none of them again.
    assert len(one.themes.hits) == 1 and two.themes.hits == [] and two.reports.hits == []
    assert one.total == two.total
    assert f'href="?q={WORD}&amp;pagina=2"' in first.content.decode()
    assert first.context["years"] == []


def test_search_matches_on_the_database(client, archived, carol):
    """PostgreSQL: full text in Dutch (another form of the word is found); SQLite: part of a
    word is found."""
    GroupNote.objects.filter(group__meeting=archived[2], phase=3).update(
        text="De studenten werkten samen aan hun verslagen."
    )
    client.force_login(carol)

    if full_text_search():
        found = search(client, "student").context["results"]
        assert [h.obj.group.meeting.number for h in found.insights.hits] == [2]
        assert search(client, "stud").context["results"].insights.count == 0
    else:
        found = search(client, "stud").context["results"]
        assert [h.obj.group.meeting.number for h in found.insights.hits] == [2]
        assert "<mark>stud</mark>enten" in search(client, "stud").content.decode()


def test_full_text_search_uses_the_gin_indexes(db):
    from django.db import connection

    from meetings.models import Theme
    from meetings.services.archive import matching

    if not full_text_search():
        pytest.skip("PostgreSQL only: SQLite has no full-text index")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = {
            model.__name__: matching(model.objects.all(), WORD).order_by().explain()
            for model in (Theme, Report, GroupNote)
        }
    assert "meetings_theme_search_nl" in plans["Theme"]
    assert "meetings_report_search_nl" in plans["Report"]
    assert "meetings_groupnote_search_nl" in plans["GroupNote"]


# --- looking back, as it reads (issue 12, item 8) ----------------------------------------------


def test_a_year_planned_ahead_is_not_above_the_running_one(client, archived, team, year, alice):
    shifted_year(team, 1, "2027–2028")  # the rollover at meeting 6 made it already
    client.force_login(alice)

    response = client.get(archive_url())

    assert [entry.year for entry in response.context["years"]][0] == year
    assert "2027–2028" not in response.content.decode()


def test_a_report_snippet_shows_its_heading_without_the_markup(client, archived, alice):
    Report.objects.filter(meeting=archived[2]).update(
        text=f"# Groep 1 (geleid door Bob)\n## Nieuwe inzichten\n- De {WORD} vraagt regels."
    )
    client.force_login(alice)

    html = search(client, "Groep").content.decode()

    assert "<mark>Groep</mark> 1 (geleid door Bob)" in html
    assert "# <mark>Groep" not in html
    assert "## Nieuwe" not in html
