from django.urls import include, path

from backbone.accounts import views

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/me/", views.account, name="account"),
    path("accounts/invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("c/<slug:slug>/invite/", views.invite, name="invite"),
]
