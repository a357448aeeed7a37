import functools
import zoneinfo

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from techfluency.accounts.models import DailyGoal, User, normalise_email


@functools.cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


def _hour_label(hour: int) -> str:
    return f"{hour:02d}:00"


class TimezoneField(forms.ChoiceField):
    default_error_messages = {
        "invalid_choice": "“%(value)s” is not a time zone we know. Choose one from the list, such as Europe/London.",
    }

    def __init__(self, **kwargs: object) -> None:
        super().__init__(choices=timezone_choices, **kwargs)  # type: ignore[arg-type]


class SignupForm(forms.Form):
    email = forms.EmailField(
        max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not a common password, not all numbers.",
    )
    timezone = TimezoneField(
        initial="UTC",
        help_text="We count your days and streak in this zone. Your browser fills it in; change it if it is wrong.",
    )
    daily_goal_minutes = forms.TypedChoiceField(
        label="Daily goal",
        choices=DailyGoal.choices,
        coerce=int,
        initial=DailyGoal.FIVE,
        widget=forms.RadioSelect,
    )

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in or reset your password."
            )
        return email

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if isinstance(password, str):
            candidate = User(email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": "That email and password do not match an account. Check both and try again.",
        "inactive": "This account is inactive.",
    }


class ProfileForm(forms.ModelForm):
    timezone = TimezoneField(
        help_text="Your days and streak are counted in this zone from now on; past days keep theirs."
    )
    day_start_hour = forms.TypedChoiceField(
        label="My day starts at",
        choices=[(hour, _hour_label(hour)) for hour in range(0, 13)],
        coerce=int,
        help_text="Practice before this hour counts for the previous day. Night owls: 04:00 is the default.",
    )
    daily_goal_minutes = forms.TypedChoiceField(
        label="Daily goal", choices=DailyGoal.choices, coerce=int, widget=forms.RadioSelect
    )

    class Meta:
        model = User
        fields = ["timezone", "day_start_hour", "daily_goal_minutes", "hide_streak"]
        labels = {"hide_streak": "Hide my streak"}
        help_texts = {"hide_streak": "Your days still count; we just stop showing the number."}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not right, so nothing was deleted.")
        return password
