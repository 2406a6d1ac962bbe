"""The phase card in the module's own words (issue 13): phase 1 "men kan om de beurt een
probleem inbrengen", phase 2 "Wat nog meer?" and "... en een oplossing gevonden", phase 3 in
the module's order with advice only when the inbrenger still has a question, phase 4 "Wat is
er dan nog meer beantwoord?", phase 5 "bij soortgelijke werkcasus".

The default card gets the new text (meetings/phase_card.py). A team's copy gets it for every
phase it left as the old default was; a phase the team edited stays the team's.
"""

from django.db import migrations

from meetings.phase_card import default_phase_rows

#: The default card's text before this migration (name, purpose, questions per phase).
OLD = {
    0: {
        "name": "Introductie van het thema",
        "purpose": "Het thema krijgt inhoud, zodat iedereen met dezelfde achtergrond aan de "
        "werkcasussen begint. Dat kan met een gastspreker, een documentaire, een "
        "artikel, een presentatie van een collega met expertise of een workshop.",
        "questions": "Wat weten we al over dit thema?\n"
        "Wat herken je ervan in je eigen lessen?\n"
        "Wat wil je na vandaag beter kunnen?",
    },
    1: {
        "name": "Introductie van de werkcasus",
        "purpose": "Een inbrenger vertelt kort over een actuele situatie uit de eigen praktijk "
        "en stelt een vraag. De groep kiest één casus op grond van urgentie of "
        "emotie, het liefst een probleem dat voor meer mensen speelt.",
        "questions": "Wie wil een vraagstuk inbrengen?\n"
        "Waar gaat het om?\n"
        "Wat is je vraag?\n"
        "Wat maakt de bespreking in deze groep nuttig voor jou?",
    },
    2: {
        "name": "Beeldvorming",
        "purpose": "De groepsleden stellen open, informatieve vragen om de situatie helder te "
        "krijgen: wat belemmert en wat helpt? Doorvragen, luisteren en samenvatten, "
        "nog zonder advies of oordeel. De groep kiest welk aspect verder wordt "
        "uitgediept.",
        "questions": "Wat zou je willen in plaats van dit probleem? Hoe ziet dat eruit?\n"
        "Wat geeft je vertrouwen dat je dit kunt oplossen?\n"
        "Wat weet je er zelf al van, en hoe kun je dat gebruiken?\n"
        "Heb je eerder zoiets meegemaakt? Wat deed je toen precies?",
    },
    3: {
        "name": "Nieuwe inzichten",
        "purpose": "De kernvraag wordt van alle kanten belicht met reflectieve vragen naar "
        "omstandigheden en achtergronden. De vraag wordt zo nodig opnieuw "
        "geformuleerd, er volgt een adviesronde en de inbrenger vertelt wat hij of "
        "zij geleerd heeft.",
        "questions": "Is je vraag nog dezelfde, of is die veranderd?\n"
        "Welke omstandigheden of achtergronden spelen mee?\n"
        "Welk advies wil je meegeven?\n"
        "Wat heb je als inbrenger tot nu toe geleerd?",
    },
    4: {
        "name": "Terugblik",
        "purpose": "Ieder benoemt de eigen betrokkenheid bij het probleem; de groep formuleert "
        "een gezamenlijk thema en bespreekt de inzichten. De inbrenger geeft op een "
        "schaal van 0 tot 10 aan hoe ver de vraag beantwoord is.",
        "questions": "Op een schaal van 0 (nog niets) tot 10 (helemaal beantwoord): waar sta je "
        "nu?\n"
        "Is dat genoeg voor nu? Hoe ziet een stapje hoger eruit?\n"
        "Wat betekent dit voor jou, hier en nu en straks in je les?",
    },
    5: {
        "name": "Toekomstig handelen",
        "purpose": "De inbrenger vertelt wat hij of zij aan de bespreking heeft en gaat doen, "
        "met een eerste kleine stap. Iedereen kijkt kort terug op de bijeenkomst en "
        "de eigen leeropbrengst.",
        "questions": "Wat is er op tafel gekomen dat bruikbaar is voor je?\n"
        "Wat is het eerste kleine stapje dat je gaat zetten?\n"
        "Hoe heb je de bijeenkomst ervaren?\n"
        "Wat is je persoonlijke leeropbrengst?\n"
        "Hoe beviel de werkwijze?\n"
        "Wat zit er nog dwars?",
    },
    6: {
        "name": "Afsluiting van het thema",
        "purpose": "Het thema wordt afgesloten met een rondvraag, het evaluatieformulier of een "
        "gezamenlijke evaluatie. Het thema, de datum en de tijd van de volgende "
        "bijeenkomst worden genoemd.",
        "questions": "Wat neem je mee uit vandaag?\n"
        "Wat wil je nog kwijt?\n"
        "Wanneer en waarover is de volgende bijeenkomst?",
    },
}

FIELDS = ("name", "purpose", "questions")


def restore(apps, schema_editor):
    Phase = apps.get_model("meetings", "Phase")
    new = {row["number"]: row for row in default_phase_rows()}
    for phase in Phase.objects.all():
        old = OLD.get(phase.number)
        if old is None or phase.number not in new:
            continue
        default = phase.card.team_id is None
        changed = []
        for field in FIELDS:
            current, restored = getattr(phase, field), new[phase.number][field]
            if (default or current == old[field]) and current != restored:
                setattr(phase, field, restored)
                changed.append(field)
        if changed:
            phase.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0018_archive_search_indexes"),
    ]

    operations = [migrations.RunPython(restore, migrations.RunPython.noop)]
