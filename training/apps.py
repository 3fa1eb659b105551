from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training and monitoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from volunteers import reappointment

        from . import audit, reappointment_facts  # noqa: F401  (auditlog registration)

        reappointment.register(reappointment_facts.training_facts)
