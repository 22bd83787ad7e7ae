from django.urls import path

from backbone.network import views

urlpatterns = [
    path("c/<slug:slug>/organizations/", views.organization_list, name="organization_list"),
    path("c/<slug:slug>/organizations/new/", views.organization_create, name="organization_create"),
    path(
        "c/<slug:slug>/organizations/<int:pk>/",
        views.organization_detail,
        name="organization_detail",
    ),
    path(
        "c/<slug:slug>/organizations/<int:pk>/edit/",
        views.organization_edit,
        name="organization_edit",
    ),
    path(
        "c/<slug:slug>/organizations/<int:pk>/archive/",
        views.organization_archive,
        name="organization_archive",
    ),
    path(
        "c/<slug:slug>/organizations/<int:pk>/delete/",
        views.organization_delete,
        name="organization_delete",
    ),
    path("c/<slug:slug>/people/", views.person_list, name="person_list"),
    path("c/<slug:slug>/people/new/", views.person_create, name="person_create"),
    path("c/<slug:slug>/people/<int:pk>/", views.person_detail, name="person_detail"),
    path("c/<slug:slug>/people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "c/<slug:slug>/people/<int:pk>/affiliations/",
        views.person_affiliation_add,
        name="person_affiliation_add",
    ),
    path("c/<slug:slug>/people/<int:pk>/archive/", views.person_archive, name="person_archive"),
    path("c/<slug:slug>/people/<int:pk>/delete/", views.person_delete, name="person_delete"),
]
