from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("", include("backbone.accounts.urls")),
    path("", include("backbone.home.urls")),
    path("", include("backbone.network.urls")),
    path("", include("backbone.documents.urls")),
    path("", include("backbone.governance.urls")),
    path("", include("backbone.readiness.urls")),
    path("", include("backbone.agenda.urls")),
    path("", include("backbone.phases.urls")),
    path("", include("backbone.meetings.urls")),
    path("", include("backbone.measurement.urls")),
    path("", include("backbone.activities.urls")),
    path("", include("backbone.communication.urls")),
    path("", include("backbone.webhooks.urls")),
    path("", include("backbone.events.urls")),
]
