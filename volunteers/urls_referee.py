"""The referee's page: reached by a tokenised link, no account needed."""

from django.urls import path

from .views import applicant as views

app_name = "referee"

urlpatterns = [
    path("<str:token>/", views.reference, name="reference"),
]
