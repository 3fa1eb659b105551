"""Applicant pages (signed in with allauth, no staff role needed)."""

from django.urls import path

from .views import applicant as views

app_name = "apply"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/start/", views.start, name="start"),
    path("interest/", views.interest, name="interest"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/check/", views.check, name="check"),
    path("applications/<int:pk>/submitted/", views.submitted, name="submitted"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/accept/", views.accept, name="accept"),
    path("applications/<int:pk>/<slug:section>/", views.section, name="section"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download/", views.my_data_download, name="my_data_download"),
    path("my-data/delete/", views.my_data_delete, name="my_data_delete"),
]
