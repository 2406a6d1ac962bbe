"""The default phase card (Tool fase 0 t/m 6), written in the project's own words.

Faithful to the method (seed 000, "Tool fase 0 tot en met 6"). The minutes add up to 150
with a 15-minute break after phase 2. It is data, not template text: the migration puts it
in the database, teams get an editable copy. Plain data, so the migration can import it:
migration 0004 and `PhaseCard.default()` both build the card from `default_card_fields()`
and `default_phase_rows()`, so there is one source for its content.
"""

BREAK_MINUTES = 15
BREAK_AFTER_PHASE = 2

#: (number, name, form, minutes, purpose, guiding questions)
PHASES = [
    (
        0,
        "Introductie van het thema",
        "plenary",
        25,
        "Het thema krijgt inhoud, zodat iedereen met dezelfde achtergrond aan de werkcasussen "
        "begint. Dat kan met een gastspreker, een documentaire, een artikel, een presentatie "
        "van een collega met expertise of een workshop.",
        [
            "Wat weten we al over dit thema?",
            "Wat herken je ervan in je eigen lessen?",
            "Wat wil je na vandaag beter kunnen?",
        ],
    ),
    (
        1,
        "Introductie van de werkcasus",
        "groups",
        15,
        "Een inbrenger vertelt kort over een actuele situatie uit de eigen praktijk en stelt "
        "een vraag. De groep kiest één casus op grond van urgentie of emotie, het liefst een "
        "probleem dat voor meer mensen speelt.",
        [
            "Wie wil een vraagstuk inbrengen?",
            "Waar gaat het om?",
            "Wat is je vraag?",
            "Wat maakt de bespreking in deze groep nuttig voor jou?",
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
        [
            "Wat zou je willen in plaats van dit probleem? Hoe ziet dat eruit?",
            "Wat geeft je vertrouwen dat je dit kunt oplossen?",
            "Wat weet je er zelf al van, en hoe kun je dat gebruiken?",
            "Heb je eerder zoiets meegemaakt? Wat deed je toen precies?",
        ],
    ),
    (
        3,
        "Nieuwe inzichten",
        "groups",
        25,
        "De kernvraag wordt van alle kanten belicht met reflectieve vragen naar omstandigheden "
        "en achtergronden. De vraag wordt zo nodig opnieuw geformuleerd, er volgt een "
        "adviesronde en de inbrenger vertelt wat hij of zij geleerd heeft.",
        [
            "Is je vraag nog dezelfde, of is die veranderd?",
            "Welke omstandigheden of achtergronden spelen mee?",
            "Welk advies wil je meegeven?",
            "Wat heb je als inbrenger tot nu toe geleerd?",
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
        [
            "Op een schaal van 0 (nog niets) tot 10 (helemaal beantwoord): waar sta je nu?",
            "Is dat genoeg voor nu? Hoe ziet een stapje hoger eruit?",
            "Wat betekent dit voor jou, hier en nu en straks in je les?",
        ],
    ),
    (
        5,
        "Toekomstig handelen",
        "groups",
        20,
        "De inbrenger vertelt wat hij of zij aan de bespreking heeft en gaat doen, met een "
        "eerste kleine stap. Iedereen kijkt kort terug op de bijeenkomst en de eigen "
        "leeropbrengst.",
        [
            "Wat is er op tafel gekomen dat bruikbaar is voor je?",
            "Wat is het eerste kleine stapje dat je gaat zetten?",
            "Hoe heb je de bijeenkomst ervaren?",
            "Wat is je persoonlijke leeropbrengst?",
            "Hoe beviel de werkwijze?",
            "Wat zit er nog dwars?",
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
        [
            "Wat neem je mee uit vandaag?",
            "Wat wil je nog kwijt?",
            "Wanneer en waarover is de volgende bijeenkomst?",
        ],
    ),
]


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
            "questions": "\n".join(questions),
        }
        for number, name, form, minutes, purpose, questions in PHASES
    ]
