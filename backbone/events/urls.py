from django.urls import path

from backbone.events import views

urlpatterns = [
    path("jobs/<int:pk>/", views.job_detail, name="job"),
]
