from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from techfluency.core.http import authenticated_user, is_htmx
from techfluency.sqllab import access, actions, service
from techfluency.sqllab.dialects import DIALECTS
from techfluency.sqllab.forms import QueryForm, RunForm
from techfluency.sqllab.models import Exercise, ExerciseProgress
from techfluency.sqllab.runs import QueryRefused, learner_run_slot


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    progress = {p.exercise_id: p for p in ExerciseProgress.objects.filter(user=user)}
    exercises = list(Exercise.objects.live())
    levels: dict[int, list[tuple[Exercise, ExerciseProgress | None]]] = {}
    for exercise in exercises:
        levels.setdefault(exercise.level, []).append((exercise, progress.get(exercise.pk)))
    solved = sum(1 for p in progress.values() if p.solved_at)
    return render(
        request,
        "sqllab/index.html",
        {"levels": sorted(levels.items()), "solved": solved, "total": len(exercises)},
    )


def _exercise_context(
    request: HttpRequest, exercise: Exercise, form: QueryForm | None = None
) -> dict[str, object]:
    user = authenticated_user(request)
    draft = access.draft_for_user(user, exercise)
    progress = access.progress_for_user(user, exercise)
    return {
        "exercise": exercise,
        "form": form or QueryForm(initial={"dialect": draft.dialect, "sql": draft.sql}),
        "progress": progress,
        "hints": exercise.hints[: progress.hints_shown],
        "hints_left": len(exercise.hints) - progress.hints_shown,
        "history": access.submissions_for_user(user, exercise),
        "schema": service.schema_overview(),
        "dialects": DIALECTS,
        "limits": service.limits(),
    }


@login_required
@require_GET
def exercise(request: HttpRequest, exercise_id: str) -> HttpResponse:
    chosen = access.get_live_exercise(exercise_id)
    return render(request, "sqllab/exercise.html", _exercise_context(request, chosen))


def _refused(
    request: HttpRequest, template: str, context: dict[str, object], refused: QueryRefused
) -> HttpResponse:
    response = render(
        request, template, {**context, "error": refused.message}, status=refused.status
    )
    if refused.retry_after:
        response["Retry-After"] = str(refused.retry_after)
    return response


@login_required
@require_POST
def run(request: HttpRequest, exercise_id: str) -> HttpResponse:
    """Run the query without grading it (the result table only)."""
    user = authenticated_user(request)
    chosen = access.get_live_exercise(exercise_id)
    form = RunForm(request.POST)
    template = "sqllab/_result.html" if is_htmx(request) else "sqllab/exercise.html"
    if not form.is_valid():
        return render(
            request,
            template,
            {**_exercise_context(request, chosen, form), "form_errors": form.errors},
            status=400,
        )
    dialect, sql = form.cleaned_data["dialect"], form.cleaned_data["sql"]
    actions.draft_save(user=user, exercise=chosen, dialect=dialect, sql=sql)
    context = _exercise_context(request, chosen, form)
    try:
        with learner_run_slot(user):
            outcome = service.grader().run(sql, dialect)
    except QueryRefused as refused:
        return _refused(request, template, context, refused)
    if isinstance(outcome, str):
        return render(request, template, {**context, "error": outcome}, status=400)
    status = 400 if outcome.error else 200
    return render(
        request,
        template,
        {**context, "result": outcome, "error": outcome.error.message if outcome.error else None},
        status=status,
    )


@login_required
@require_POST
def grade(request: HttpRequest, exercise_id: str) -> HttpResponse:
    user = authenticated_user(request)
    chosen = access.get_live_exercise(exercise_id)
    form = RunForm(request.POST)
    template = "sqllab/_grade.html" if is_htmx(request) else "sqllab/exercise.html"
    if not form.is_valid():
        return render(
            request,
            template,
            {**_exercise_context(request, chosen, form), "form_errors": form.errors},
            status=400,
        )
    dialect, sql = form.cleaned_data["dialect"], form.cleaned_data["sql"]
    actions.draft_save(user=user, exercise=chosen, dialect=dialect, sql=sql)
    context = _exercise_context(request, chosen, form)
    try:
        with learner_run_slot(user):
            graded = service.grader().grade(chosen, sql, dialect)
    except QueryRefused as refused:
        return _refused(request, template, context, refused)
    attempt = actions.attempt_record(
        user=user, exercise=chosen, dialect=dialect, sql=sql, grade=graded, now=timezone.now()
    )
    context = _exercise_context(request, chosen, form)
    status = 400 if graded.error else 200
    return render(
        request,
        template,
        {
            **context,
            "grade": graded,
            "attempt": attempt,
            "result": graded.result,
            "error": graded.error,
        },
        status=status,
    )


@login_required
@require_POST
def hint(request: HttpRequest, exercise_id: str) -> HttpResponse:
    chosen = access.get_live_exercise(exercise_id)
    actions.hint_reveal(user=authenticated_user(request), exercise=chosen)
    if is_htmx(request):
        return render(request, "sqllab/_hints.html", _exercise_context(request, chosen))
    return redirect("sqllab-exercise", exercise_id=chosen.pk)


@login_required
@require_POST
def give_up(request: HttpRequest, exercise_id: str) -> HttpResponse:
    chosen = access.get_live_exercise(exercise_id)
    actions.exercise_give_up(user=authenticated_user(request), exercise=chosen, now=timezone.now())
    return redirect("sqllab-exercise", exercise_id=chosen.pk)


@login_required
@require_POST
def review_start(request: HttpRequest, exercise_id: str) -> HttpResponse:
    chosen = access.get_live_exercise(exercise_id)
    actions.exercise_review_start(
        user=authenticated_user(request), exercise=chosen, now=timezone.now()
    )
    return redirect("sqllab-exercise", exercise_id=chosen.pk)


@login_required
@require_POST
def save_draft(request: HttpRequest, exercise_id: str) -> HttpResponse:
    """Autosave from the editor; answers 204 so nothing on the page changes."""
    chosen = access.get_live_exercise(exercise_id) if exercise_id != "play" else None
    form = QueryForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            "; ".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain",
        )
    actions.draft_save(
        user=authenticated_user(request),
        exercise=chosen,
        dialect=form.cleaned_data["dialect"],
        sql=form.cleaned_data["sql"],
    )
    return HttpResponse(status=204)


@login_required
def play(request: HttpRequest) -> HttpResponse:
    """Free play: any SELECT on the dataset, no grading."""
    user = authenticated_user(request)
    draft = access.draft_for_user(user, None)
    context: dict[str, object] = {
        "schema": service.schema_overview(),
        "limits": service.limits(),
        "dialects": DIALECTS,
    }
    if request.method != "POST":
        context["form"] = QueryForm(initial={"dialect": draft.dialect, "sql": draft.sql})
        return render(request, "sqllab/play.html", context)
    form = RunForm(request.POST)
    template = "sqllab/_result.html" if is_htmx(request) else "sqllab/play.html"
    context["form"] = form
    if not form.is_valid():
        return render(request, template, {**context, "form_errors": form.errors}, status=400)
    dialect, sql = form.cleaned_data["dialect"], form.cleaned_data["sql"]
    actions.draft_save(user=user, exercise=None, dialect=dialect, sql=sql)
    try:
        with learner_run_slot(user):
            outcome = service.grader().run(sql, dialect)
    except QueryRefused as refused:
        return _refused(request, template, context, refused)
    if isinstance(outcome, str):
        return render(request, template, {**context, "error": outcome}, status=400)
    status = 400 if outcome.error else 200
    return render(
        request,
        template,
        {**context, "result": outcome, "error": outcome.error.message if outcome.error else None},
        status=status,
    )


@login_required
@require_GET
def submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    attempt = access.get_submission_for_user(authenticated_user(request), submission_id)
    return render(request, "sqllab/submission.html", {"submission": attempt})
