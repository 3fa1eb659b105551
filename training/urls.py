from django.urls import path

from .views import framework, monitoring, my, records, sessions

app_name = "training"

urlpatterns = [
    # National framework and courses (staff read; national administrators change).
    path("staff/training/framework/", framework.framework_list, name="framework_list"),
    path("staff/training/framework/draft/", framework.framework_draft, name="framework_draft"),
    path("staff/training/framework/<int:version>/", framework.framework_detail, name="framework"),
    path(
        "staff/training/framework/<int:version>/settings/",
        framework.framework_settings,
        name="framework_settings",
    ),
    path(
        "staff/training/framework/<int:version>/areas/new/",
        framework.framework_area_new,
        name="framework_area_new",
    ),
    path(
        "staff/training/framework/<int:version>/competencies/new/",
        framework.framework_standard,
        name="framework_standard_new",
    ),
    path(
        "staff/training/framework/<int:version>/competencies/<int:pk>/",
        framework.framework_standard,
        name="framework_standard",
    ),
    path(
        "staff/training/framework/<int:version>/competencies/<int:pk>/remove/",
        framework.framework_standard_remove,
        name="framework_standard_remove",
    ),
    path(
        "staff/training/framework/<int:version>/requirements/new/",
        framework.framework_requirement_new,
        name="framework_requirement_new",
    ),
    path(
        "staff/training/framework/<int:version>/requirements/<int:pk>/remove/",
        framework.framework_requirement_remove,
        name="framework_requirement_remove",
    ),
    path(
        "staff/training/framework/<int:version>/publish/",
        framework.framework_publish,
        name="framework_publish",
    ),
    path("staff/training/courses/", framework.course_list, name="courses"),
    path("staff/training/courses/new/", framework.course_edit, name="course_new"),
    path("staff/training/courses/<int:pk>/", framework.course_edit, name="course_edit"),
    # Trainers.
    path("staff/training/", records.dashboard, name="dashboard"),
    path("staff/training/export/", records.dashboard_export, name="dashboard_export"),
    path("staff/training/import/", records.import_upload, name="import"),
    path("staff/training/import/<uuid:pk>/", records.import_report, name="import_report"),
    path("staff/training/import/<uuid:pk>/confirm/", records.import_confirm, name="import_confirm"),
    path("staff/training/people/<int:pk>/", records.person_record, name="person"),
    path("staff/training/people/<int:pk>/sign-off/", records.sign_off, name="sign_off"),
    path("staff/training/extensions/<int:pk>/", records.extension_decide, name="extension_decide"),
    path("staff/training/sessions/", sessions.session_list, name="sessions"),
    path("staff/training/sessions/new/", sessions.session_new, name="session_new"),
    path("staff/training/sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("staff/training/sessions/<int:pk>/enrol/", sessions.session_enrol, name="session_enrol"),
    path(
        "staff/training/sessions/<int:pk>/attendance/",
        sessions.session_attendance,
        name="session_attendance",
    ),
    path(
        "staff/training/sessions/<int:pk>/cancel/", sessions.session_cancel, name="session_cancel"
    ),
    path(
        "staff/training/enrolments/<int:pk>/cancel/",
        sessions.enrolment_cancel,
        name="enrolment_cancel",
    ),
    # PPAs.
    path("staff/monitoring/", monitoring.monitoring_home, name="monitoring"),
    path("staff/monitoring/observations/new/", monitoring.observation_new, name="observation_new"),
    path(
        "staff/monitoring/observations/<int:pk>/",
        monitoring.observation_detail,
        name="observation",
    ),
    path(
        "staff/monitoring/observations/<int:pk>/edit/",
        monitoring.observation_edit,
        name="observation_edit",
    ),
    path(
        "staff/monitoring/observations/<int:pk>/release/",
        monitoring.observation_release,
        name="observation_release",
    ),
    path("staff/monitoring/reviews/new/", monitoring.review_new, name="review_new"),
    path("staff/monitoring/reviews/<int:pk>/", monitoring.review_detail, name="review"),
    path("staff/monitoring/actions/<int:pk>/", monitoring.action_follow_up, name="action"),
    path("staff/monitoring/assignments/", monitoring.assignments, name="assignments"),
    # Volunteers.
    path("my/training/", my.my_training, name="my_training"),
    path("my/training/sessions/<int:pk>/book/", my.book, name="book"),
    path("my/training/bookings/<int:pk>/cancel/", my.cancel_booking, name="cancel_booking"),
    path("my/training/observations/<int:pk>/", my.my_observation, name="my_observation"),
    path("my/training/extension/", my.request_extension, name="request_extension"),
]
