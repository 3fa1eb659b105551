from django.core.management.base import BaseCommand

from privacy.services import run_retention


class Command(BaseCommand):
    help = "Apply the retention schedule (or, with --dry-run, report what it would do)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what is due; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        run = run_retention(dry_run=dry_run)
        verb = "would be affected" if dry_run else "changed"
        for row in run.report:
            self.stdout.write(f"{row['key']:32} {row['action']:10} {row['count']:6}  {verb}")
        self.stdout.write(f"Total: {run.total} records {verb}.")
