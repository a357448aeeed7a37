from django.urls import path

from techfluency.progress import views

urlpatterns = [
    path("progress/", views.overview, name="progress-overview"),
]
