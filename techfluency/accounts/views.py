import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from techfluency.accounts import ratelimit
from techfluency.accounts.actions import user_delete, user_signup
from techfluency.accounts.export import export_for
from techfluency.accounts.forms import DeleteAccountForm, LoginForm, ProfileForm, SignupForm
from techfluency.accounts.models import normalise_email
from techfluency.core.forms import InvalidFormIs400
from techfluency.core.http import authenticated_user


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("practice-today")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = user_signup(**form.cleaned_data)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to TechFluency. Here is your first day.")
        return redirect("practice-today")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


class LoginView(InvalidFormIs400, auth_views.LoginView):
    """Django's log-in, with failed attempts limited per account and per address."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.identities = {
            "account": normalise_email(str(request.POST.get("username", ""))[:254]),
            "address": ratelimit.client_address(request),
        }
        blocked = ratelimit.check(self.identities)
        if blocked is not None:
            context = self.get_context_data(form=self.get_form(), blocked=blocked)
            response = render(request, self.template_name, context, status=429)
            response["Retry-After"] = str(blocked.retry_after)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        ratelimit.record_failure(self.identities)
        return super().form_invalid(form)


class PasswordResetView(InvalidFormIs400, auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts-password-reset-sent")


class PasswordResetConfirmView(InvalidFormIs400, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts-password-reset-complete")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core-home")


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("accounts-settings")
    return render(
        request, "accounts/settings.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    body = json.dumps(export_for(user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json")
    filename = f"techfluency-export-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        user_delete(user=user)
        messages.success(request, "Your account and everything in it have been deleted.")
        return redirect("core-home")
    return render(
        request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200
    )
