"""Staff pages for serving volunteers, under /staff/volunteers/ (MFA-protected)."""

from django.urls import path

from .views import lifecycle as views

app_name = "lifecycle"

urlpatterns = [
    path("", views.volunteer_list, name="volunteers"),
    path("reappointment/", views.reappointments, name="reappointments"),
    path("audit/", views.audit, name="audit"),
    path("deletion-requests/<int:pk>/done/", views.deletion_handled, name="deletion_handled"),
    path("<int:pk>/", views.volunteer_detail, name="volunteer"),
    path("<int:pk>/edit/", views.volunteer_edit, name="edit"),
    path("<int:pk>/leave/", views.volunteer_leave, name="leave"),
    path("<int:pk>/return/", views.volunteer_return, name="return"),
    path("<int:pk>/move/", views.volunteer_move, name="move"),
    path("<int:pk>/resign/", views.volunteer_resign, name="resign"),
    path("<int:pk>/remove/", views.volunteer_remove, name="remove"),
    path("<int:pk>/reappoint/", views.volunteer_reappoint, name="reappoint"),
    path("<int:pk>/end-term/", views.volunteer_end_term, name="end_term"),
]
