from django.core.management.base import BaseCommand

from cms.demo import load_content
from rostering.demo import load_rostering
from training.demo import load_training
from volunteers import demo
from volunteers.demo_recruitment import load_recruitment
from volunteers.services.roles import sync_all_role_groups


class Command(BaseCommand):
    help = "Load demo data (idempotent): organisation, demo sign-ins and volunteers."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(demo.SIZES), default="small")

    def handle(self, *args, size, **options):
        counts = demo.load_organisation()
        self.stdout.write(
            f"Organisation: {counts['regions']} regions, {counts['rotas']} rotas, "
            f"{counts['centres']} hearing centres."
        )
        signins = demo.load_demo_users()
        created = demo.load_volunteers(
            size, progress=lambda done, total: self.stdout.write(f"  volunteers: {done}/{total}")
        )
        self.stdout.write(f"Volunteers: {created} added ({demo.SIZES[size]} in a {size} set).")
        training = load_training()
        self.stdout.write(
            f"Training: {training['grants']} records, {training['sessions']} sessions and "
            f"{training['observations']} observations added."
        )
        self.stdout.write(f"Recruitment: {load_recruitment()} demo applications added.")
        rostering = load_rostering()
        self.stdout.write(
            f"Rostering: {rostering['sessions']} sessions and {rostering['offers']} half-days "
            "of availability added."
        )
        # Wagtail's privacy and admin go by groups: bring them in line with the demo roles.
        sync_all_role_groups()
        self.stdout.write(f"Guidance and news: {load_content()} pages added.")
        self.stdout.write(self.style.SUCCESS(f"\nDemo sign-ins (password: {demo.DEMO_PASSWORD}):"))
        for label, email in signins:
            self.stdout.write(f"  {label:<40} {email}")
        self.stdout.write(
            "Staff sign-ins ask for an authenticator code: in development enter 123456.\n"
            "In production every staff role must set up its own authenticator app."
        )
