from django.urls import path

from .views import jobs as views

app_name = "jobs"

urlpatterns = [
    path("<uuid:pk>/", views.job_detail, name="detail"),
    path("<uuid:pk>/download/", views.job_download, name="download"),
]
