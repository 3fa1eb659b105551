from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "People and organisation"

    def ready(self):
        from . import audit  # noqa: F401  (registers models with django-auditlog)
