from django.urls import path

from .views.organisation import centres, people, regions, rotas

app_name = "volunteers"

urlpatterns = [
    path("organisation/", regions.organisation, name="organisation"),
    path("organisation/model/", regions.organisation_model, name="organisation_model"),
    path("organisation/councils/", regions.local_authorities, name="local_authorities"),
    path("regions/new/", regions.region_new, name="region_new"),
    path("regions/<slug:code>/", regions.region_detail, name="region"),
    path("regions/<slug:code>/rename/", regions.region_rename, name="region_rename"),
    path("regions/<slug:code>/merge/", regions.region_merge, name="region_merge"),
    path("regions/<slug:code>/councils/", regions.region_councils, name="region_councils"),
    path("regions/<slug:code>/rotas/new/", rotas.rota_new, name="rota_new"),
    path("rotas/<int:pk>/", rotas.rota_edit, name="rota_edit"),
    path("rotas/<int:pk>/merge/", rotas.rota_merge, name="rota_merge"),
    path("centres/", centres.centre_list, name="centres"),
    path("centres/new/", centres.centre_new, name="centre_new"),
    path("centres/<int:pk>/", centres.centre_detail, name="centre"),
    path("centres/<int:pk>/edit/", centres.centre_edit, name="centre_edit"),
    path("centres/<int:pk>/move/", centres.centre_move, name="centre_move"),
    path("people/", people.people, name="people"),
    path("people/export/", people.people_export, name="people_export"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/roles/", people.role_grant, name="role_grant"),
    path("roles/<int:pk>/revoke/", people.role_revoke, name="role_revoke"),
]
