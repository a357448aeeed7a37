from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from techfluency.core.http import authenticated_user, is_htmx
from techfluency.curriculum.models import Area
from techfluency.interviews import access, actions
from techfluency.interviews.forms import AnswerForm, DraftForm, SelfGradeForm
from techfluency.interviews.highlight import highlight, marks_from_report
from techfluency.interviews.models import Attempt, InterviewQuestion
from techfluency.practice import access as practice_access
from techfluency.practice.models import Card, CardKind

RATING_LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@login_required
@require_GET
def bank(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    questions = list(InterviewQuestion.objects.live())
    attempts: dict[str, int] = {}
    for question_id in Attempt.objects.filter(user=user, question__isnull=False).values_list(
        "question_id", flat=True
    ):
        attempts[question_id] = attempts.get(question_id, 0) + 1
    due = dict(
        Card.objects.filter(user=user, kind=CardKind.INTERVIEW).values_list("subject", "due")
    )
    areas = [
        (
            area.label,
            [(q, attempts.get(q.pk, 0), due.get(q.pk)) for q in questions if q.area == area.value],
        )
        for area in Area
    ]
    suggested = _todays_question(questions, attempts, due)
    return render(
        request,
        "interviews/bank.html",
        {"areas": areas, "suggested": suggested, "now": timezone.now()},
    )


def _todays_question(
    questions: list[InterviewQuestion], attempts: dict[str, int], due: dict[str, datetime]
) -> InterviewQuestion | None:
    """The most overdue question, else the first one never tried."""
    now = timezone.now()
    overdue = sorted((due[q.pk], q.pk) for q in questions if q.pk in due and due[q.pk] <= now)
    if overdue:
        return next(q for q in questions if q.pk == overdue[0][1])
    return next((q for q in questions if q.pk not in attempts), questions[0] if questions else None)


@login_required
@require_GET
def practice(request: HttpRequest, question_id: str) -> HttpResponse:
    user = authenticated_user(request)
    question = access.get_live_question(question_id)
    form = AnswerForm(initial={"text": access.draft_text_for_user(user, question=question)})
    return render(request, "interviews/practice.html", {"question": question, "form": form})


@login_required
@require_POST
def submit(request: HttpRequest, question_id: str) -> HttpResponse:
    user = authenticated_user(request)
    question = access.get_live_question(question_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        # Keep whatever was typed: it is saved as the draft and shown again with the message.
        text = str(request.POST.get("text", ""))[: 2 * 10_000]
        actions.draft_save(user=user, question=question, concept=None, text=text)
        return render(
            request, "interviews/practice.html", {"question": question, "form": form}, status=400
        )
    attempt = actions.attempt_submit(
        user=user,
        question=question,
        text=form.cleaned_data["text"],
        timer_seconds=form.cleaned_data["timer_seconds"],
        now=timezone.now(),
    )
    return redirect("interviews-attempt", attempt_id=attempt.pk)


@login_required
@require_POST
def save_draft(request: HttpRequest, question_id: str) -> HttpResponse:
    user = authenticated_user(request)
    question = access.get_live_question(question_id)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            "The draft is over 10,000 characters, the limit for an answer.",
            status=400,
            content_type="text/plain",
        )
    actions.draft_save(user=user, question=question, concept=None, text=form.cleaned_data["text"])
    return HttpResponse(status=204)


def _attempt_context(attempt: Attempt, form: SelfGradeForm | None = None) -> dict[str, object]:
    points = attempt.coach.get("points", [])
    return {
        "attempt": attempt,
        "question": attempt.question,
        "concept": attempt.concept,
        "answer_html": highlight(attempt.text, marks_from_report(attempt.coach)),
        "points": points,
        "report": attempt.coach,
        "form": form or SelfGradeForm(points=points),
        "rating_label": RATING_LABELS.get(attempt.rating or 0, ""),
        "judge_enabled": actions.judge_config() is not None and attempt.question is not None,
        "grades": [(p, attempt.self_grades.get(p["id"])) for p in points],
    }


@login_required
@require_GET
def attempt_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = access.get_attempt_for_user(authenticated_user(request), attempt_id)
    return render(request, "interviews/attempt.html", _attempt_context(attempt))


@login_required
@require_POST
def self_grade(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = access.get_attempt_for_user(authenticated_user(request), attempt_id)
    form = SelfGradeForm(request.POST, points=attempt.coach.get("points", []))
    if attempt.graded_at is None and not form.is_valid():
        return render(
            request, "interviews/attempt.html", _attempt_context(attempt, form), status=400
        )
    if attempt.graded_at is None:
        actions.attempt_self_grade(attempt=attempt, grades=form.grades(), now=timezone.now())
    return redirect("interviews-attempt", attempt_id=attempt.pk)


@login_required
@require_POST
def ask_judge(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = access.get_attempt_for_user(authenticated_user(request), attempt_id)
    if actions.judge_config() is None:
        raise Http404("The AI judge is not configured")
    attempt = actions.attempt_judge(attempt=attempt)
    if is_htmx(request):
        return render(request, "interviews/_judge.html", _attempt_context(attempt))
    return redirect("interviews-attempt", attempt_id=attempt.pk)


@login_required
@require_GET
def history(request: HttpRequest, question_id: str) -> HttpResponse:
    user = authenticated_user(request)
    question = access.get_live_question(question_id)
    attempts = access.attempts_for_user(user, question=question)
    rows = [(a, RATING_LABELS.get(a.rating or 0, "not graded")) for a in attempts]
    return render(request, "interviews/history.html", {"question": question, "rows": rows})


@login_required
@require_GET
def compare(request: HttpRequest, question_id: str) -> HttpResponse:
    user = authenticated_user(request)
    question = access.get_live_question(question_id)
    try:
        first_id, second_id = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        return render(
            request,
            "core/error.html",
            {
                "status": 400,
                "title": "Choose two attempts to compare",
                "detail": "Pick two attempts on the history page.",
            },
            status=400,
        )
    pair = [
        access.get_attempt_for_user(user, first_id),
        access.get_attempt_for_user(user, second_id),
    ]
    if any(a.question_id != question.pk for a in pair):
        raise Http404("Those attempts are not answers to this question")
    columns = [
        (
            a,
            highlight(a.text, marks_from_report(a.coach)),
            RATING_LABELS.get(a.rating or 0, "not graded"),
        )
        for a in sorted(pair, key=lambda a: a.submitted_at)
    ]
    point_rows = []
    for index, point in enumerate(question.rubric):
        point_rows.append(
            (
                point,
                [
                    (
                        a.coach["points"][index]["verdict"]
                        if index < len(a.coach.get("points", []))
                        else "",
                        a.self_grades.get(point["id"], ""),
                    )
                    for a, _, _ in columns
                ],
            )
        )
    return render(
        request,
        "interviews/compare.html",
        {"question": question, "columns": columns, "point_rows": point_rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def explain(request: HttpRequest, slug: str) -> HttpResponse:
    """The stakeholder drill: explain one concept in one paragraph, checked like Q-SYS-4."""
    user = authenticated_user(request)
    concept = practice_access.get_live_concept(slug)
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            attempt = actions.attempt_submit(
                user=user,
                concept=concept,
                text=form.cleaned_data["text"],
                timer_seconds=None,
                now=timezone.now(),
            )
            return redirect("interviews-attempt", attempt_id=attempt.pk)
        actions.draft_save(
            user=user,
            question=None,
            concept=concept,
            text=str(request.POST.get("text", ""))[:20_000],
        )
        return render(
            request, "interviews/explain.html", {"concept": concept, "form": form}, status=400
        )
    form = AnswerForm(initial={"text": access.draft_text_for_user(user, concept=concept)})
    return render(request, "interviews/explain.html", {"concept": concept, "form": form})


@login_required
@require_POST
def explain_draft(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    concept = practice_access.get_live_concept(slug)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            "The draft is over 10,000 characters, the limit for an answer.",
            status=400,
            content_type="text/plain",
        )
    actions.draft_save(user=user, question=None, concept=concept, text=form.cleaned_data["text"])
    return HttpResponse(status=204)
