from django.urls import path

from techfluency.core import views

urlpatterns = [
    path("", views.home, name="core-home"),
    path("healthz", views.health, name="core-health"),
]
