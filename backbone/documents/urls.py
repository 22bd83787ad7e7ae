from django.urls import path

from backbone.documents import views

urlpatterns = [
    path("documents/<slug:kind>/<int:pk>/endorse/", views.endorse, name="document_endorse"),
    path(
        "endorsements/<int:pk>/withdraw/",
        views.endorsement_withdraw,
        name="endorsement_withdraw",
    ),
]
