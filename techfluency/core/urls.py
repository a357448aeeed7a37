from django.urls import path

from techfluency.core import views

urlpatterns = [
    path("", views.home, name="core-home"),
]
