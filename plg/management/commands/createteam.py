from django.core.management.base import BaseCommand, CommandError

from plg.models import Region
from plg.services import create_team


class Command(BaseCommand):
    help = "Create a team and appoint its team leader (creating the leader's account if needed)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Team name, e.g. 'Team Dierverzorging'")
        parser.add_argument("--leader-email", required=True)
        parser.add_argument("--leader-name", default="", help="Full name of the team leader")
        parser.add_argument("--school", default="")
        parser.add_argument("--region", default=Region.MIDDLE, choices=Region.values)

    def handle(self, *args, **options):
        first, _sep, last = options["leader_name"].strip().partition(" ")
        if "@" not in options["leader_email"]:
            raise CommandError("--leader-email must be an e-mail address.")
        team = create_team(
            name=options["name"],
            leader_email=options["leader_email"],
            leader_first_name=first,
            leader_last_name=last,
            school=options["school"],
            region=options["region"],
        )
        self.stdout.write(self.style.SUCCESS(f"Team '{team.name}' created (/t/{team.slug}/)."))
