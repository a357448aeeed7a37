from django.contrib.auth import views as auth_views
from django.urls import path

from techfluency.accounts import views

urlpatterns = [
    path("signup/", views.signup, name="accounts-signup"),
    path("login/", views.LoginView.as_view(), name="accounts-login"),
    path("logout/", views.logout_view, name="accounts-logout"),
    path("settings/", views.settings_view, name="accounts-settings"),
    path("settings/export/", views.export, name="accounts-export"),
    path("settings/delete/", views.delete_account, name="accounts-delete"),
    path("password-reset/", views.PasswordResetView.as_view(), name="accounts-password-reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="accounts-password-reset-sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="accounts-password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="accounts-password-reset-complete",
    ),
]
