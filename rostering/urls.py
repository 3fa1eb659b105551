from django.urls import path

from .views import app, feed, members, reminders, staff

app_name = "rostering"

S = "staff/rostering/"

urlpatterns = [
    # Rota managers (under /staff/, so the MFA middleware covers them).
    path(S, staff.home, name="home"),
    path(f"{S}sessions/", staff.session_list, name="sessions"),
    path(f"{S}sessions/new/", staff.session_new, name="session_new"),
    path(f"{S}sessions/<int:pk>/", staff.session_edit, name="session_edit"),
    path(f"{S}sessions/<int:pk>/cancel/", staff.session_cancel, name="session_cancel"),
    path(f"{S}sessions/<int:pk>/attendance/", staff.session_attendance, name="session_attendance"),
    path(f"{S}expenses/", staff.expense_list, name="expenses"),
    path(f"{S}expenses/<int:pk>/decide/", staff.expense_decide, name="expense_decide"),
    path(f"{S}expenses/approved.xlsx", staff.expense_export, name="expense_export"),
    path(f"{S}reports/", staff.reports, name="reports"),
    path(f"{S}reports/sittings.xlsx", staff.report_export, name="report_export"),
    path(f"{S}imports/template.xlsx", staff.import_template, name="import_template"),
    path(f"{S}imports/new/", staff.import_new, name="import_new"),
    path(f"{S}imports/<int:pk>/", staff.import_detail, name="import"),
    path(
        f"{S}imports/<int:pk>/cancel-missing/",
        staff.import_cancel_missing,
        name="import_cancel_missing",
    ),
    path(f"{S}periods/new/", staff.period_new, name="period_new"),
    path(f"{S}periods/<int:pk>/", staff.period_detail, name="period"),
    path(f"{S}periods/<int:pk>/open/", staff.period_open, name="period_open"),
    path(f"{S}periods/<int:pk>/run/", staff.period_run, name="period_run"),
    path(f"{S}runs/<int:pk>/", staff.run_detail, name="run"),
    path(f"{S}runs/<int:pk>/instance.json", staff.run_instance, name="run_instance"),
    path(f"{S}runs/<int:pk>/solution.json", staff.run_solution, name="run_solution"),
    path(f"{S}runs/<int:pk>/publish/", staff.run_publish, name="run_publish"),
    path(f"{S}runs/<int:pk>/review/", staff.run_review, name="run_review"),
    path(f"{S}runs/<int:pk>/fill-the-rest/", staff.board_fill_rest, name="board_fill_rest"),
    path(f"{S}runs/<int:pk>/board/<int:session_pk>/", staff.board_panel, name="board_panel"),
    path(f"{S}runs/<int:pk>/board/<int:session_pk>/add/", staff.board_add, name="board_add"),
    path(
        f"{S}runs/<int:pk>/board/sittings/<int:assignment_pk>/remove/",
        staff.board_remove,
        name="board_remove",
    ),
    path(
        f"{S}runs/<int:pk>/publish/<int:session_pk>/reason/",
        staff.publish_reason,
        name="publish_reason",
    ),
    path(f"{S}runs/<int:pk>/sessions/<int:session_pk>/", staff.panel_edit, name="panel"),
    path(
        f"{S}runs/<int:pk>/sessions/<int:session_pk>/check/",
        staff.panel_check,
        name="panel_check",
    ),
    path(f"{S}runs/<int:pk>/sessions/<int:session_pk>/add/", staff.panel_add, name="panel_add"),
    path(
        f"{S}runs/<int:pk>/sessions/<int:session_pk>/single-sex/",
        staff.panel_single_sex,
        name="panel_single_sex",
    ),
    path(
        f"{S}runs/<int:pk>/sittings/<int:assignment_pk>/remove/",
        staff.panel_remove,
        name="panel_remove",
    ),
    path(f"{S}members/<int:pk>/exclusions/", staff.member_exclusions, name="member_exclusions"),
    path(f"{S}exclusions/<int:pk>/remove/", staff.exclusion_remove, name="exclusion_remove"),
    # Members.
    path("my/sittings/", members.my_sittings, name="my_sittings"),
    path("my/sittings/<int:pk>/withdraw/", members.withdraw, name="withdraw"),
    path("my/sittings/<int:pk>/expenses/", members.expense_claim, name="expense_claim"),
    path("my/availability/", members.availability, name="availability"),
    path("my/availability/pattern/", members.pattern, name="pattern"),
    path("my/availability/away/", members.away_add, name="away_add"),
    path("my/availability/away/<int:pk>/remove/", members.away_remove, name="away_remove"),
    path("my/availability/commitment/", members.preference, name="preference"),
    path("my/service/", members.record_of_service, name="service_record"),
    path("my/service.xlsx", members.record_of_service_download, name="service_record_download"),
    path("my/calendar/", members.calendar_settings, name="calendar_settings"),
    path("my/calendar/new/", members.calendar_create, name="calendar_create"),
    path("my/calendar/revoke/", members.calendar_revoke, name="calendar_revoke"),
    path("my/reminders/", reminders.reminder_preference, name="reminder_preference"),
    path("cover/<str:token>/", members.cover_offer, name="cover_offer"),
    # Answers to a reminder, from email: no sign-in needed, the token opens one sitting.
    path("sitting/<int:pk>/<str:token>/", reminders.answer, name="sitting_answer"),
    # The members' installable app: the worker must be served from the root to control it.
    path("manifest.webmanifest", app.manifest, name="manifest"),
    path("sw.js", app.service_worker, name="service_worker"),
    # The feed: no sign-in (calendar clients cannot), the token is the key.
    path("calendar/<str:token>.ics", feed.calendar_feed, name="calendar_feed"),
]
