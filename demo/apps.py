from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo loader: it sits above every app, because demo data spans all of them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
