from django.core.management.base import BaseCommand

from privacy.docs import BEGIN, END, retention_table


class Command(BaseCommand):
    help = "Print the retention table for docs/data-protection.md (between its markers)."

    def handle(self, *args, **options):
        self.stdout.write(f"{BEGIN}\n{retention_table()}\n{END}")
