# Evaluation answers become unlinkable from their receipts (issue 14): no created_at, and a
# random UUID as id instead of a counter. The answers move to a new table in a shuffled
# order, so neither the ids nor the order of the rows keep the order in which people answered.

import random
import uuid

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_answers(apps, schema_editor, *, source, target):
    Source = apps.get_model("meetings", source)
    Target = apps.get_model("meetings", target)
    answers = list(Source.objects.all())
    random.SystemRandom().shuffle(answers)
    Target.objects.bulk_create(
        Target(
            meeting_id=a.meeting_id,
            experience=a.experience,
            learning=a.learning,
            method=a.method,
            bothers=a.bothers,
            respondent_id=a.respondent_id,
        )
        for a in answers
    )


def forwards(apps, schema_editor):
    move_answers(apps, schema_editor, source="EvaluationResponse", target="UnlinkableAnswer")


def backwards(apps, schema_editor):
    # The times are gone for good: the answers come back with the time of the rollback.
    move_answers(apps, schema_editor, source="UnlinkableAnswer", target="EvaluationResponse")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_attendance_one_model"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UnlinkableAnswer",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "experience",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                        verbose_name="how did you experience the meeting (1–5)",
                    ),
                ),
                ("learning", models.TextField(blank=True, verbose_name="what did you learn")),
                ("method", models.TextField(blank=True, verbose_name="how did the method work")),
                ("bothers", models.TextField(blank=True, verbose_name="what still bothers you")),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "respondent",
                    models.ForeignKey(
                        blank=True,
                        help_text="Only when the participant chose to sign the answer.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluation answer",
                "verbose_name_plural": "evaluation answers",
                "ordering": ["id"],
            },
        ),
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="EvaluationResponse"),
        migrations.RenameModel(old_name="UnlinkableAnswer", new_name="EvaluationResponse"),
        migrations.AlterField(
            model_name="evaluationresponse",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evaluations",
                to="meetings.meeting",
            ),
        ),
    ]
