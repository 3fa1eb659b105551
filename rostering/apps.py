from django.apps import AppConfig


class RosteringConfig(AppConfig):
    name = "rostering"
    verbose_name = "Rostering"

    def ready(self):
        from auditlog.registry import auditlog

        from volunteers import reappointment

        from . import models, reappointment_facts

        reappointment.register(reappointment_facts.sitting_facts)

        # Who changed a panel, a session or a conflict, and when.
        auditlog.register(models.Session)
        auditlog.register(models.Assignment)
        auditlog.register(models.Exclusion)
        auditlog.register(models.RotaPeriod)
        auditlog.register(models.RotaRun, exclude_fields=["instance", "solution", "metrics"])
        auditlog.register(models.CoverRequest, exclude_fields=["candidates"])
        auditlog.register(models.SittingPreference)
        auditlog.register(models.Unavailability)
        auditlog.register(models.CalendarFeed, exclude_fields=["token_hash"])
        auditlog.register(models.ExpenseClaim)
        auditlog.register(models.ExpenseRate)
