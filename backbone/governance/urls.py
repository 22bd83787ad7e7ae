from django.urls import path

from backbone.governance import views

urlpatterns = [
    path("c/<slug:slug>/bodies/new/", views.body_create, name="body_create"),
    path("c/<slug:slug>/bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("c/<slug:slug>/bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("c/<slug:slug>/bodies/<int:pk>/members/", views.membership_add, name="membership_add"),
    path(
        "c/<slug:slug>/bodies/<int:pk>/members/<int:membership_pk>/end/",
        views.membership_end,
        name="membership_end",
    ),
    path("c/<slug:slug>/bodies/<int:pk>/scope/", views.scope_versions, name="scope_versions"),
    path("c/<slug:slug>/bodies/<int:pk>/scope/edit/", views.scope_edit, name="scope_edit"),
]
