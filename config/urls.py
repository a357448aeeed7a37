from django.urls import include, path

urlpatterns = [
    path("", include("techfluency.core.urls")),
    path("accounts/", include("techfluency.accounts.urls")),
    path("", include("techfluency.practice.urls")),
    path("", include("techfluency.progress.urls")),
    path("", include("techfluency.sqllab.urls")),
    path("", include("techfluency.interviews.urls")),
    path("", include("techfluency.curriculum.urls")),
]

handler400 = "techfluency.core.views.bad_request"
handler403 = "techfluency.core.views.forbidden"
handler404 = "techfluency.core.views.not_found"
handler500 = "techfluency.core.views.server_error"
