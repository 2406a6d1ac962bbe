"""Put the default phase card (meetings/phase_card.py) in the database.

The card's content comes from meetings/phase_card.py, the one source PhaseCard.default()
also builds from; tests/test_get_is_read_only.py checks that both give the same card.
"""

from django.db import migrations

from meetings.phase_card import default_card_fields, default_phase_rows


def create_default_card(apps, schema_editor):
    PhaseCard = apps.get_model("meetings", "PhaseCard")
    Phase = apps.get_model("meetings", "Phase")
    card = PhaseCard.objects.create(team=None, **default_card_fields())
    Phase.objects.bulk_create(Phase(card=card, **row) for row in default_phase_rows())


def remove_default_card(apps, schema_editor):
    apps.get_model("meetings", "PhaseCard").objects.filter(team__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_running")]

    operations = [migrations.RunPython(create_default_card, remove_default_card)]
