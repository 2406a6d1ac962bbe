"""Put the default phase card (meetings/phase_card.py) in the database."""

from django.db import migrations

from meetings.phase_card import BREAK_AFTER_PHASE, BREAK_MINUTES, PHASES

def create_default_card(apps, schema_editor):
    PhaseCard = apps.get_model("meetings", "PhaseCard")
    Phase = apps.get_model("meetings", "Phase")
    card = PhaseCard.objects.create(
        team=None, break_minutes=BREAK_MINUTES, break_after_phase=BREAK_AFTER_PHASE
    )
    Phase.objects.bulk_create(
        Phase(
            card=card,
            number=number,
            name=name,
            form=form,
            minutes=minutes,
            purpose=purpose,
            questions="\n".join(questions),
        )
        for number, name, form, minutes, purpose, questions in PHASES
    )


def remove_default_card(apps, schema_editor):
    apps.get_model("meetings", "PhaseCard").objects.filter(team__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_running")]

    operations = [migrations.RunPython(create_default_card, remove_default_card)]
