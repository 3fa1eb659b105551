"""Staff recruitment pages, under /staff/recruitment/ (MFA-protected)."""

from django.urls import path

from .views import recruitment as views

app_name = "recruitment"

urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("bulk/", views.pipeline_bulk, name="bulk"),
    path("export/", views.pipeline_export, name="export"),
    path("funnel/", views.funnel, name="funnel"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/move/", views.application_transition, name="transition"),
    path("applications/<int:pk>/score/", views.application_score, name="score"),
    path("applications/<int:pk>/references/", views.application_references, name="references"),
    path("applications/<int:pk>/pvg/", views.application_pvg, name="pvg"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
]
