from django.urls import include, path

urlpatterns = [
    path("", include("techfluency.core.urls")),
]
