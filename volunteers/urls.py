from django.urls import path

from .views import organisation as views

app_name = "volunteers"

urlpatterns = [
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/model/", views.organisation_model, name="organisation_model"),
    path("organisation/councils/", views.local_authorities, name="local_authorities"),
    path("regions/new/", views.region_new, name="region_new"),
    path("regions/<slug:code>/", views.region_detail, name="region"),
    path("regions/<slug:code>/rename/", views.region_rename, name="region_rename"),
    path("regions/<slug:code>/merge/", views.region_merge, name="region_merge"),
    path("regions/<slug:code>/councils/", views.region_councils, name="region_councils"),
    path("regions/<slug:code>/rotas/new/", views.rota_new, name="rota_new"),
    path("rotas/<int:pk>/", views.rota_edit, name="rota_edit"),
    path("rotas/<int:pk>/merge/", views.rota_merge, name="rota_merge"),
    path("centres/", views.centre_list, name="centres"),
    path("centres/new/", views.centre_new, name="centre_new"),
    path("centres/<int:pk>/", views.centre_edit, name="centre_edit"),
    path("centres/<int:pk>/move/", views.centre_move, name="centre_move"),
    path("people/", views.people, name="people"),
    path("people/export/", views.people_export, name="people_export"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/roles/", views.role_grant, name="role_grant"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
]
