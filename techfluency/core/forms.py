from typing import Any

from django.http import HttpResponse


class InvalidFormIs400:
    """For class-based form views: a form with errors answers 400, not 200."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response
