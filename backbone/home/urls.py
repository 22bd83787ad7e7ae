from django.urls import path

from backbone.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.collective_home, name="collective_home"),
    path("c/<slug:slug>/audit/", views.audit_log, name="audit_log"),
]
