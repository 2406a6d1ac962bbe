"""Build the demo team from scratch and write it to fixtures/demo.json.

The fixture is what `manage.py loaddata demo` loads; this command is how it is made, so
the demo can be regenerated when the models change:

    python manage.py build_demo --settings=plg.settings  (on an empty database)
"""

import datetime
import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import (
    VOTES_PER_PERSON,
    Agreement,
    Case,
    FirstStep,
    GroupNote,
    Meeting,
    MeetingRun,
    Theme,
)
from meetings.school_holidays import suggest_school_year
from meetings.services import attendance, reports, running, votes
from plg.models import Membership, MembershipEvent, Role, Team, User

DEMO_PASSWORD = "plg-demo-2026"
LEADER = ("Ellen", "de Vries", "teamleider@demo.plg-cyclus.nl")
DEVELOPERS = [
    ("Marije", "van der Lee"),
    ("Esther", "van Kesteren"),
    ("Sander", "Bakker"),
    ("Youssef", "El Amrani"),
]
TEACHERS = [
    ("Anouk", "Jansen"),
    ("Bram", "de Jong"),
    ("Chantal", "Visser"),
    ("Daan", "Smit"),
    ("Eva", "Meijer"),
    ("Fatima", "Bouzid"),
    ("Gert", "Mulder"),
    ("Hanneke", "de Groot"),
    ("Ilse", "Bos"),
    ("Jeroen", "Vos"),
    ("Karin", "Peters"),
    ("Lars", "Hendriks"),
    ("Mirjam", "van Dijk"),
    ("Niels", "Dekker"),
    ("Olga", "Brouwer"),
    ("Pieter", "de Wit"),
    ("Rosa", "Dijkstra"),
    ("Thijs", "Kok"),
]
THEMES_FOR_MEETINGS = {
    2: "Sociale media in de klas",
    3: "Pesten",
    4: "Mentorschap / coaching",
    5: "Zorgleerlingen",
}

#: Dots per theme in the demo's vote, in the order of THEMES_FOR_MEETINGS and then the
#: other themes by title (20 voters × 3 dots).
DOTS_PER_THEME = (13, 11, 10, 9, 7, 5, 3, 2)

PAST_NOTES = {
    1: {
        "phase0": (
            "presentation",
            "Marije van der Lee en Esther van Kesteren",
            "Uitleg van de PLG en de fases 0 t/m 6; twee startende collega's vertellen "
            "over hun eerste weken.",
        ),
        "groups": [
            (
                "Wie helpt de nieuwe collega met Magister en het rooster?",
                "Een maatje per startende docent voor de eerste tien weken.",
                7,
                "Een vast wekelijks kwartier met mijn maatje inplannen.",
            ),
            (
                "Hoe vind je als starter je weg in de stagebegeleiding?",
                "Een overzicht van wie welk stagebedrijf kent scheelt veel zoeken.",
                6,
                "De lijst met stagecontacten delen in de teammap.",
            ),
            (
                "Hoe houd je orde in een eerstejaarsklas na de lunch?",
                "Vaste start van de les en korte opdrachten helpen meer dan strenger worden.",
                8,
                "Een vaste startopdracht voor de middaglessen proberen.",
            ),
            (
                "Wanneer vraag je hulp zonder als zwak over te komen?",
                "Iedereen in de groep bleek in het eerste jaar hetzelfde te hebben gevoeld.",
                5,
                "Bij het volgende teamoverleg één vraag stellen die ik nu nog laat liggen.",
            ),
        ],
        "conclusions": "Startende collega's hebben vooral behoefte aan een vast aanspreekpunt "
        "en aan praktische informatie over stages en systemen.",
        "agreements": [
            ("Maatjes koppelen aan de drie startende docenten", "Ellen de Vries", 21),
            ("Stagecontactenlijst in de teammap zetten", "Sander Bakker", 28),
        ],
        "scores": [4, 4, 5, 3, 4, 5, 4],
    },
    2: {
        "phase0": (
            "documentary",
            "Sander Bakker en Youssef El Amrani",
            "Fragmenten uit een documentaire over jongeren en groepsapps, daarna een "
            "korte nabespreking.",
        ),
        "groups": [
            (
                "Groepsapp van de klas loopt uit de hand na schooltijd.",
                "Afspraken over de groepsapp samen met de klas opstellen in plaats van opleggen.",
                6,
                "In de mentorles de groepsapp-afspraken met de klas bespreken.",
            ),
            (
                "Studenten filmen elkaar tijdens de praktijkles.",
                "Een duidelijke regel in het praktijklokaal, uitgelegd vanuit veiligheid.",
                7,
                "De regel over filmen opnemen in de praktijkinstructie.",
            ),
            (
                "Een student plaatst negatieve berichten over de opleiding.",
                "Eerst het gesprek aangaan over wat eronder zit, niet meteen sanctioneren.",
                5,
                "Een gesprek met de student plannen voor de volgende periode.",
            ),
            (
                "Hoe bereik ik ouders die niet reageren op berichten?",
                "Een kort telefoontje werkt vaak beter dan een bericht via het portaal.",
                6,
                "Deze week de drie ouders bellen die nog niet gereageerd hebben.",
            ),
        ],
        "conclusions": "Afspraken over sociale media werken het best als studenten ze mee "
        "opstellen; het team neemt één gezamenlijke regel op voor de praktijklokalen.",
        "agreements": [
            (
                "Gezamenlijke regel over filmen in praktijklokalen opstellen",
                "Youssef El Amrani",
                35,
            ),
            ("Groepsapp-afspraken in alle eerstejaarsklassen bespreken", "alle mentoren", 42),
        ],
        "scores": [3, 4, 4, 2, 5, 4, 3, 4],
    },
}
EVALUATION_TEXTS = [
    (
        "Ik neem het idee van een vaste startopdracht mee.",
        "Fijn om in kleine groepen te praten.",
        "",
    ),
    (
        "Dat anderen met hetzelfde worstelen.",
        "De fases gaven rust.",
        "De tijd voor fase 3 was te kort.",
    ),
    ("", "Goed, maar de introductie mocht korter.", ""),
]
CASES = [
    (
        "Anouk",
        "Student die steeds buitengesloten wordt bij groepsopdrachten",
        "In mijn klas BOL-2 wordt één student steeds als laatste gekozen en zit vaak alleen.",
        "Hoe doorbreek ik dit zonder de student extra in de schijnwerpers te zetten?",
    ),
    (
        "Bram",
        "Pestgedrag tijdens de stage",
        "Een student vertelt dat hij op zijn stageplek wordt uitgelachen door collega's.",
        "Wat is mijn rol als stagebegeleider, en wanneer schakel ik het bedrijf in?",
    ),
    (
        "Chantal",
        "Opmerkingen in de klassenchat",
        "Na een les zie ik screenshots van kwetsende opmerkingen over een klasgenoot.",
        "Hoe ga ik het gesprek aan met de klas?",
    ),
]


def _email(first: str, last: str) -> str:
    return f"{first}.{last.replace(' ', '')}@demo.plg-cyclus.nl".lower()


def _first(name: str) -> User:
    return User.objects.get(first_name=name)


class Command(BaseCommand):
    help = "Create the demo team on an empty database and dump it to fixtures/demo.json."

    def add_arguments(self, parser):
        parser.add_argument("--no-dump", action="store_true", help="Only create, do not dump.")

    @transaction.atomic
    def handle(self, *args, **options):
        if Team.objects.exists():
            raise CommandError("Run this on an empty database (the demo is built from scratch).")
        team = Team.objects.create(
            name="Team Dier & Groen",
            slug="dier-en-groen",
            school="Groene Hart College, mbo Gouda (demo)",
            region="midden",
            default_weekday=1,
            default_start_time=datetime.time(14, 30),
            default_room="B1.12 (teamkamer)",
        )
        people = [(LEADER[0], LEADER[1], LEADER[2], Role.TEAM_LEADER)]
        people += [(f, ln, _email(f, ln), Role.DEVELOPER) for f, ln in DEVELOPERS]
        people += [(f, ln, _email(f, ln), Role.TEACHER) for f, ln in TEACHERS]
        joined = datetime.date(2026, 8, 24)
        for first, last, email, role in people:
            user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
            membership = Membership.objects.create(
                team=team,
                user=user,
                role=role,
                started_on=joined,
                # The two teacher leaders of the PLG (seed 000 names them).
                is_teacher_leader=(first, last) in DEVELOPERS[:2],
            )
            MembershipEvent.objects.create(
                membership=membership,
                kind=MembershipEvent.Kind.JOINED,
                new_role=role,
                at=datetime.datetime(2026, 8, 24, 9, 0, tzinfo=datetime.UTC),
            )
        meeting_services.add_example_themes(
            team=team, titles=[t for t, _d in meeting_services.EXAMPLE_THEMES], by=None
        )
        Theme.objects.create(
            team=team,
            title="Feedback geven op stageverslagen",
            description="Hoe geven we feedback die studenten echt gebruiken?",
            proposed_by=User.objects.get(first_name="Anouk"),
        )
        suggestion = suggest_school_year("midden", 2026)
        year, warnings = meeting_services.create_school_year(
            team=team,
            name="2026–2027",
            first_day=suggestion["first_day"],
            last_day=suggestion["last_day"],
            region="midden",
            periods=suggestion["periods"],
        )
        for warning in warnings:
            self.stdout.write(self.style.WARNING(warning))
        for number, title in THEMES_FOR_MEETINGS.items():
            Meeting.objects.filter(school_year=year, number=number).update(
                theme=Theme.objects.get(team=team, title=title)
            )
        for meeting in year.meetings.order_by("number"):
            meeting.preparers.set(meeting_services.suggest_preparers(meeting=meeting))
        self._theme_vote(year)
        self._past_meetings(year)
        self._cases_for_next_meeting(team, year)
        self.stdout.write(self.style.SUCCESS(f"Demo team built: {team} with {len(people)} people."))
        if not options["no_dump"]:
            out = io.StringIO()
            call_command(
                "dumpdata",
                "plg.user",
                "plg.team",
                "plg.membership",
                "plg.membershipevent",
                "meetings",
                # The mails the demo's workflows queued are not part of the demo.
                exclude=["meetings.outboxmessage"],
                indent=1,
                stdout=out,
                natural_foreign=False,
            )
            path = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
            path.write_text(out.getvalue(), encoding="utf-8")
            self.stdout.write(f"Written to {path}")

    def _theme_vote(self, year) -> None:
        """The dot vote before meeting 1, as the team cast it: the four themes chosen for
        meetings 2–5 lead, the others have fewer dots; two people did not vote."""
        ballot = votes.ballot_for(school_year=year)
        ranked = [r.theme for r in votes.ranking(team=year.team, ballot=ballot)]
        order = [*THEMES_FOR_MEETINGS.values()]
        order += sorted(t.title for t in ranked if t.title not in order)
        by_title = {t.title: t for t in ranked}
        left = dict(zip(order, DOTS_PER_THEME, strict=False))
        voters = User.objects.filter(memberships__team=year.team).order_by("pk")
        for voter in list(voters)[2:]:
            # Each person puts their dots on the themes that still have most dots to get.
            chosen = sorted(left, key=lambda title: (-left[title], order.index(title)))
            for title in chosen[:VOTES_PER_PERSON]:
                if left[title] > 0:
                    votes.toggle_vote(ballot=ballot, theme=by_title[title], voter=voter)
                    left[title] -= 1

    def _past_meetings(self, year) -> None:
        """Meetings 1 and 2 took place: groups, notes, first steps, evaluations, and their
        reports published with conclusions and agreements."""
        teachers = list(User.objects.filter(memberships__role=Role.TEACHER).order_by("first_name"))
        leader = User.objects.get(email=LEADER[2])
        for meeting in year.meetings.filter(number__in=PAST_NOTES).order_by("number"):
            plan = PAST_NOTES[meeting.number]
            run = running.ensure_run(meeting=meeting)
            run.phase0_format, run.phase0_who, run.phase0_what = plan["phase0"]
            run.save()
            if meeting.number == 2:
                attendance.excuse(
                    meeting=meeting, user=teachers[-1], reason="Examencommissie", by=leader
                )
                attendance.excuse(meeting=meeting, user=teachers[-2], reason="Ziek", by=leader)
            # The attendance check at the start: everyone there but the excused and, at
            # meeting 2, one teacher who did not come.
            missing = {teachers[-3].pk} if meeting.number == 2 else set()
            running.set_attendance(
                meeting=meeting,
                present=set(running.present_ids(meeting)) - missing,
            )
            start = timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.start_time))
            groups = running.compose_meeting_groups(meeting=meeting, seed=meeting.number)
            for group, (question, insight, score, step) in zip(
                groups, plan["groups"], strict=False
            ):
                members = list(group.members.order_by("first_name"))
                owner = members[0] if members else group.leader
                case = Case.objects.create(
                    team=year.team,
                    meeting=meeting,
                    owner=owner,
                    title=question,
                    situation="(beschreven door de inbrenger)",
                    question=question,
                    may_quote=group.number % 2 == 1,
                )
                group.case = case
                group.answer_score = score
                group.save(update_fields=["case", "answer_score"])
                GroupNote.objects.create(group=group, phase=1, text=question, version=1)
                GroupNote.objects.create(group=group, phase=3, text=insight, version=1)
                GroupNote.objects.create(
                    group=group, phase=4, text=f"De inbrenger geeft een {score}.", version=1
                )
                done = start + datetime.timedelta(days=14) if group.number == 1 else None
                FirstStep.objects.create(group=group, owner=owner, what=step, done_at=done)
            MeetingRun.objects.filter(pk=run.pk).update(
                status=MeetingRun.Status.RUNNING,
                started_at=start,
                current_step=0,
                step_started_at=start,
            )
            for i, score in enumerate(plan["scores"]):
                learning, method, bothers = EVALUATION_TEXTS[i % len(EVALUATION_TEXTS)]
                reports.submit_evaluation(
                    meeting=meeting,
                    user=teachers[i],
                    experience=score,
                    learning=learning,
                    method=method,
                    bothers=bothers,
                    signed=i == 0,
                )
            run.refresh_from_db()
            report = running.close_meeting(
                meeting=meeting, now=start + datetime.timedelta(minutes=150)
            )
            report.conclusions = plan["conclusions"]
            report.save(update_fields=["conclusions"])
            for what, who, days in plan["agreements"]:
                Agreement.objects.create(
                    report=report,
                    what=what,
                    who=who,
                    due=meeting.date + datetime.timedelta(days=days),
                )
            preparer = meeting.preparers.order_by("first_name").first()
            reports.publish_report(
                report=report, by=preparer, now=start + datetime.timedelta(days=2)
            )
            if meeting.number == 1:
                reports.mark_discussed(report=report, on=meeting.date + datetime.timedelta(days=14))

    def _cases_for_next_meeting(self, team, year) -> None:
        meeting = year.meetings.get(number=3)
        for first_name, title, situation, question in CASES:
            Case.objects.create(
                team=team,
                meeting=meeting,
                owner=_first(first_name),
                title=title,
                situation=situation,
                question=question,
            )
