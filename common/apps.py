from django.apps import AppConfig


class CommonConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "common"
    verbose_name = "Common"

    def ready(self):
        from . import privacy, retention

        # Every app's personal_data module registers its models for subject access, and its
        # retention module its rows of the retention schedule.
        privacy.autodiscover()
        retention.autodiscover()
