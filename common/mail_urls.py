from django.urls import path

from .views import mail as views

app_name = "mail"

urlpatterns = [
    path("", views.outgoing_email_list, name="outgoing"),
]
