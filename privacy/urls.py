from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    # Staff pages: under /staff/, so the staff MFA check applies.
    path("staff/privacy/people/<int:pk>/data/", views.subject_access, name="subject_access"),
    path("staff/privacy/retention/", views.retention, name="retention"),
    path("staff/privacy/retention/dry-run/", views.retention_dry_run, name="retention_dry_run"),
    path("staff/privacy/lockouts/", views.lockout_list, name="lockouts"),
    path("staff/privacy/lockouts/<int:pk>/clear/", views.lockout_clear, name="lockout_clear"),
    # A person's own.
    path("account/security/mfa-enrol/", views.mfa_enrol, name="mfa_enrol"),
    path("account/security/mfa-enrol/<str:token>/", views.mfa_enrol_link, name="mfa_enrol_link"),
    path("account/unlock/<str:token>/", views.unlock, name="unlock"),
]
