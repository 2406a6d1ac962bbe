# Attendance becomes one model: a status per person per meeting (present, excused,
# absent without notice, not recorded). The afmeldingen (Absence) and the marks of the
# attendance check (Attendance.present) move into it, and the meetings already closed get a
# row for everyone expected, so their reports no longer change when the team changes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from meetings import attendance as rule

TEAM_LEADER = "teamleider"  # plg.models.Role.TEAM_LEADER
CLOSED = "closed"


def merge_absences_and_fix_closed_meetings(apps, schema_editor):
    Absence = apps.get_model("meetings", "Absence")
    Attendance = apps.get_model("meetings", "Attendance")
    Meeting = apps.get_model("meetings", "Meeting")
    Membership = apps.get_model("plg", "Membership")
    db = schema_editor.connection.alias

    for row in Attendance.objects.using(db).all():
        row.status = rule.PRESENT if row.present else rule.ABSENT
        row.save(update_fields=["status"])
    # An afmelding; someone who came anyway (ticked present at the check) stays present.
    for absence in Absence.objects.using(db).all():
        row, _created = Attendance.objects.using(db).get_or_create(
            meeting_id=absence.meeting_id,
            user_id=absence.user_id,
            defaults={"present": False, "status": rule.EXCUSED},
        )
        if row.status != rule.PRESENT:
            row.status = rule.EXCUSED
        row.reason = absence.reason
        row.recorded_by_id = absence.recorded_by_id
        row.save(update_fields=["status", "reason", "recorded_by"])

    closed = Meeting.objects.using(db).filter(
        models.Q(run__status=CLOSED) | models.Q(report__isnull=False)
    )
    for meeting in closed.select_related("school_year").distinct():
        members = [
            rule.Member(user_id, role == TEAM_LEADER)
            for user_id, role in Membership.objects.using(db)
            .filter(team_id=meeting.school_year.team_id, is_active=True)
            .values_list("user_id", "role")
        ]
        statuses = dict(
            Attendance.objects.using(db).filter(meeting=meeting).values_list("user_id", "status")
        )
        expected = rule.expected_ids(
            members, team_leader_attends=meeting.team_leader_attends, statuses=statuses
        )
        Attendance.objects.using(db).bulk_create(
            Attendance(meeting=meeting, user_id=user_id, present=False)
            for user_id in sorted(expected - set(statuses))
        )
        Attendance.objects.using(db).filter(meeting=meeting).exclude(user_id__in=expected).delete()
        meeting.attendance_fixed = True
        meeting.save(update_fields=["attendance_fixed"])
    _constraints_now(schema_editor)


def _constraints_now(schema_editor):
    """PostgreSQL may not alter a table with deferred checks pending (RemoveField below)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def split_into_absences(apps, schema_editor):
    Absence = apps.get_model("meetings", "Absence")
    Attendance = apps.get_model("meetings", "Attendance")
    db = schema_editor.connection.alias
    for row in Attendance.objects.using(db).all():
        if row.status == rule.EXCUSED or row.reason:
            Absence.objects.using(db).create(
                meeting_id=row.meeting_id,
                user_id=row.user_id,
                reason=row.reason,
                recorded_by_id=row.recorded_by_id,
            )
        if row.status in rule.CHECKED:
            row.present = row.status == rule.PRESENT
            row.save(update_fields=["present"])
        else:
            row.delete()
    _constraints_now(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_cases_votes_reports_evaluations"),
        ("plg", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="reason"),
        ),
        migrations.AddField(
            model_name="attendance",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="attendance",
            name="status",
            field=models.CharField(
                choices=[
                    ("present", "present"),
                    ("excused", "excused"),
                    ("absent", "absent"),
                    ("not_recorded", "not recorded"),
                ],
                default="not_recorded",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="attendance",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="meeting",
            name="attendance_fixed",
            field=models.BooleanField(default=False, verbose_name="attendance fixed"),
        ),
        migrations.RunPython(merge_absences_and_fix_closed_meetings, split_into_absences),
        migrations.RemoveField(
            model_name="attendance",
            name="present",
        ),
        migrations.DeleteModel(
            name="Absence",
        ),
    ]
