from django.apps import AppConfig


class RosteringConfig(AppConfig):
    name = "rostering"
    verbose_name = "Rostering"

    def ready(self):
        from auditlog.registry import auditlog

        from volunteers import carry_forward, reappointment

        from . import models, reappointment_facts
        from .services.rehoming import rehome_sessions

        reappointment.register(reappointment_facts.sitting_facts)
        # Organisation changes re-home the sessions already imported for later dates.
        carry_forward.register(rehome_sessions)

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
