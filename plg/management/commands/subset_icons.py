"""Write the Bootstrap Icons subset the pages load (plg/icons.py): run it after using a new
icon (`bi-NAME`) in a template; tests/test_icons.py fails until you do."""

from django.core.management.base import BaseCommand, CommandError

from plg import icons


class Command(BaseCommand):
    help = "Cut Bootstrap Icons down to the icons the templates, code and scripts use."

    def handle(self, *args, **options):
        try:
            used, css_bytes, font_bytes = icons.build()
        except icons.UnknownIcons as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{len(used)} icons: {icons.SUBSET_CSS.name} {css_bytes} bytes, "
            f"{icons.SUBSET_FONT.name} {font_bytes} bytes"
        )
