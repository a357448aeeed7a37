from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("practice-today")
    return render(request, "core/home.html")


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Name the limit when Django's own request limits were what refused it.
    if isinstance(exception, RequestDataTooBig):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        detail = f"What you sent was larger than {megabytes:g} MB, the limit for one request."
        return _error(request, 400, "That was too much to send at once", detail)
    if isinstance(exception, TooManyFieldsSent):
        detail = f"The form had more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields, the limit for one request."
        return _error(request, 400, "That form was too large", detail)
    return _error(request, 400, "That request did not make sense to us", "Go back and try again.")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request, 403, "You cannot do that here", "If you think you should, log in and try again."
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "This form has expired",
        "For your security, forms stop working after a while or once you log out. Reload the page and try again.",
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "We could not find that page",
        "It may have moved, or it may not be yours to see.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # A plain page: the base layout reads the session and the user, which may be what broke.
    return render(request, "core/500.html", status=500)


def _error(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "detail": detail},
        status=status,
    )
