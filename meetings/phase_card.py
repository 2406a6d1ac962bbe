"""The default phase card (Tool fase 0 t/m 6): the module's guiding questions in its own
words with their sources, the phase texts close to the module's.

Faithful to the method (seed 000, "Tool fase 0 tot en met 6"); questions the product added
are marked as its own (ADDED). The minutes add up to 150
with a 15-minute break after phase 2. It is data, not template text: the migration puts it
in the database, teams get an editable copy. Plain data, so the migration can import it:
migration 0004 and `PhaseCard.default()` both build the card from `default_card_fields()`
and `default_phase_rows()`, so there is one source for its content.
"""

BREAK_MINUTES = 15
BREAK_AFTER_PHASE = 2

#: The module cites four sources; the card says which question and text come from which.
STAMMES, HENDRIKSEN, HAGEN, LANCELOTS = "Stammes", "Hendriksen", "Hagen", "lancelots.nl"
#: The mark of a guiding question the module does not have: the product added it.
ADDED = "PLG Cyclus"

#: (number, name, form, minutes, purpose, sources of the purpose, guiding questions as
#: (question, source)). The module's questions are its own words, each with the source the
#: module names after it (the name after the last of a run of questions covers the run); the
#: questions of phases 0 and 6, and the extra ones of phases 3 and 4, are the product's.
PHASES = [
    (
        0,
        "Introductie van het thema",
        "plenary",
        25,
        "Het thema krijgt inhoud, zodat iedereen met dezelfde achtergrond aan de werkcasussen "
        "begint. Dat kan met een gastspreker, een documentaire, een artikel, een presentatie "
        "van een collega met expertise of een workshop.",
        (),
        [
            ("Wat weten we al over dit thema?", ADDED),
            ("Wat herken je ervan in je eigen lessen?", ADDED),
            ("Wat wil je na vandaag beter kunnen?", ADDED),
        ],
    ),
    (
        1,
        "Introductie van de werkcasus",
        "groups",
        15,
        "Een inbrenger vertelt kort over een actuele situatie uit de eigen praktijk en stelt "
        "een vraag. De groep kiest een werkprobleem op grond van urgentie en/of emotie, het "
        "liefst een probleem dat voor iedereen speelt. Men kan om de beurt een probleem "
        "inbrengen.",
        (STAMMES, HENDRIKSEN, LANCELOTS),
        [
            ("Wie wil er een vraagstuk inbrengen?", STAMMES),
            ("Waar gaat het om?", HAGEN),
            ("Wat is je vraag?", HAGEN),
            ("Wat zou de behandeling in deze groep nuttig voor jou maken?", HAGEN),
        ],
    ),
    (
        2,
        "Beeldvorming",
        "groups",
        20,
        "De groepsleden stellen open, informatieve vragen om de situatie helder te krijgen: "
        "wat belemmert en wat helpt? Doorvragen, luisteren en samenvatten, nog zonder advies "
        "of oordeel. De groep kiest welk aspect verder wordt uitgediept.",
        (STAMMES, LANCELOTS, HENDRIKSEN),
        [
            ("Wat zou je willen in plaats van dit probleem? Hoe zou dat er uitzien?", HAGEN),
            ("Wat geeft je vertrouwen dat je dit kan oplossen? Wat nog meer?", HAGEN),
            ("Wat weet je er zelf al van? Hoe zou je dat kunnen gebruiken?", HAGEN),
            (
                "Heb je eerder al eens hiermee te maken gehad en een oplossing gevonden? "
                "Wat deed je toen precies?",
                HAGEN,
            ),
        ],
    ),
    (
        3,
        "Nieuwe inzichten",
        "groups",
        25,
        "De kernvraag wordt van alle kanten belicht met reflectieve vragen naar omstandigheden "
        "en achtergronden, niet alleen naar feiten zoals in fase 2. Dan is de inbrenger weer "
        "aan zet en vertelt wat hij of zij van het proces heeft geleerd; misschien is de vraag "
        "al beantwoord met een belangrijk nieuw inzicht. Als hij nog met een kwestie zit, kan "
        "hij in deze fase ook om advies vragen.",
        (LANCELOTS, HENDRIKSEN),
        [
            ("Is je vraag nog dezelfde of is deze veranderd?", HAGEN),
            ("Welke omstandigheden of achtergronden spelen mee?", ADDED),
            ("Wat heb je als inbrenger van het proces geleerd?", ADDED),
            ("Zit je nog met een kwestie waarover je advies wilt?", ADDED),
        ],
    ),
    (
        4,
        "Terugblik",
        "groups",
        15,
        "Ieder benoemt de eigen betrokkenheid bij het probleem; de groep formuleert een "
        "gezamenlijk thema en bespreekt de inzichten. De inbrenger geeft op een schaal van 0 "
        "tot 10 aan hoe ver de vraag beantwoord is.",
        (HENDRIKSEN,),
        [
            (
                "Als je een schaal voor je ziet met op 10 de volledige beantwoording van je "
                "vraag en 0 er is nog niets van je werkcasus beantwoord, waar sta je dan nu?",
                HAGEN,
            ),
            (
                "Is dat genoeg voor nu? Zo nee, hoe zou een stapje hoger op de ladder er "
                "uitzien? Wat is er dan nog meer beantwoord?",
                HAGEN,
            ),
            ("Wat betekent dit voor jou, hier en nu en straks in je les?", ADDED),
        ],
    ),
    (
        5,
        "Toekomstig handelen bij soortgelijke werkcasus",
        "groups",
        20,
        "De inbrenger vertelt wat hij of zij aan de bespreking heeft en gaat doen, met een "
        "eerste kleine stap. Iedereen kijkt kort terug op de bijeenkomst en de eigen "
        "leeropbrengst.",
        (STAMMES,),
        [
            ("Wat is er op tafel gekomen wat bruikbaar voor je is?", HAGEN),
            ("Wat is het eerste kleine stapje dat je gaat zetten?", HAGEN),
            ("Hoe heb je de bijeenkomst ervaren?", HENDRIKSEN),
            ("Welke persoonlijke leeropbrengst is er?", HENDRIKSEN),
            ("Hoe beviel de werkwijze/de gebruikte methode?", HENDRIKSEN),
            ("Wat zit er nog dwars?", HENDRIKSEN),
        ],
    ),
    (
        6,
        "Afsluiting van het thema",
        "plenary",
        15,
        "Het thema wordt afgesloten met een rondvraag, het evaluatieformulier of een "
        "gezamenlijke evaluatie. Het thema, de datum en de tijd van de volgende bijeenkomst "
        "worden genoemd.",
        (),
        [
            ("Wat neem je mee uit vandaag?", ADDED),
            ("Wat wil je nog kwijt?", ADDED),
            ("Wanneer en waarover is de volgende bijeenkomst?", ADDED),
        ],
    ),
]

#: Per phase number, the source of each of the default card's questions.
QUESTION_SOURCES: dict[int, dict[str, str]] = {
    number: dict(questions) for number, *_rest, questions in PHASES
}
#: Per phase number, the sources the module names for the phase's text.
PURPOSE_SOURCES: dict[int, tuple[str, ...]] = {
    number: sources for number, _n, _f, _m, _p, sources, _q in PHASES
}


def question_source(number: int, question: str) -> str | None:
    """Where a guiding question of phase `number` comes from: a source of the module, ADDED
    (the product's own question), or None (the team wrote it on its own card)."""
    return QUESTION_SOURCES.get(number, {}).get(question.strip())


def default_card_fields() -> dict:
    """The PhaseCard fields of the default card (its team is None)."""
    return {"break_minutes": BREAK_MINUTES, "break_after_phase": BREAK_AFTER_PHASE}


def default_phase_rows() -> list[dict]:
    """The Phase fields of the default card, phase 0 first; questions one per line."""
    return [
        {
            "number": number,
            "name": name,
            "form": form,
            "minutes": minutes,
            "purpose": purpose,
            "questions": "\n".join(question for question, _source in questions),
        }
        for number, name, form, minutes, purpose, _sources, questions in PHASES
    ]
