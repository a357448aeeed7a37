import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from techfluency.core.http import authenticated_user, is_htmx
from techfluency.curriculum.models import CheckQuestion
from techfluency.practice import access
from techfluency.practice.actions import answer_record, session_start
from techfluency.practice.forms import AnswerForm
from techfluency.practice.models import Answer, PracticeSession, SessionKind
from techfluency.practice.plan_items import plan_list_html
from techfluency.practice.today import today_for
from techfluency.progress.summary import streak_for


@login_required
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    plan = today_for(user, timezone.now())
    token = get_token(request)
    context = {
        "today": plan,
        "planned": plan_list_html(plan.plan.items, plan.open_session_ids, token),
        "extra": plan_list_html(plan.plan.extra, plan.open_session_ids, token),
    }
    return render(request, "practice/today.html", context)


@login_required
@require_GET
def lesson(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    page = access.get_live_lesson_page(slug)
    context = {"lesson": page, "studied": access.has_studied(user, page.concept_id)}
    return render(request, "practice/lesson.html", context)


@login_required
@require_POST
def lesson_start(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    concept = access.get_live_concept(slug)
    # A concept already studied is practised, not learned again.
    seen = access.has_studied(user, concept.pk)
    kind = SessionKind.LIBRARY if seen else SessionKind.LESSON
    session = session_start(user=user, concept=concept, kind=kind, now=timezone.now())
    return redirect("practice-session", session_id=session.pk)


@login_required
@require_POST
def review_start(request: HttpRequest, slug: str) -> HttpResponse:
    user = authenticated_user(request)
    concept = access.get_live_concept(slug)
    if not access.has_studied(user, concept.pk):
        raise Http404("There is nothing to review before the lesson")
    session = session_start(user=user, concept=concept, kind=SessionKind.REVIEW, now=timezone.now())
    return redirect("practice-session", session_id=session.pk)


@login_required
@require_GET
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    practice = access.get_session_for_user(authenticated_user(request), session_id)
    question = practice.next_question()
    if question is None:
        return redirect("practice-summary", session_id=practice.pk)
    return render(request, "practice/question.html", _question_context(practice, question))


@login_required
@require_POST
def answer(request: HttpRequest, session_id: int) -> HttpResponse:
    practice = access.get_session_for_user(authenticated_user(request), session_id)
    form = AnswerForm(request.POST, session=practice)
    if not form.is_valid():
        question = form.checked_question or practice.next_question()
        if question is None:
            return redirect("practice-summary", session_id=practice.pk)
        context = {**_question_context(practice, question), "form_errors": form.errors}
        template = "practice/_question_card.html" if is_htmx(request) else "practice/question.html"
        return render(request, template, context, status=400)
    question_id = form.cleaned_data["question"]
    outcome = answer_record(
        session=practice,
        question_id=question_id,
        chosen=form.cleaned_data["option"],
        now=timezone.now(),
    )
    if is_htmx(request):
        return render(
            request,
            "practice/_feedback_card.html",
            _feedback_context(outcome.session, outcome.answer),
        )
    return redirect("practice-feedback", session_id=practice.pk, question_id=question_id)


@login_required
@require_GET
def feedback(request: HttpRequest, session_id: int, question_id: int) -> HttpResponse:
    practice = access.get_session_for_user(authenticated_user(request), session_id)
    given = (
        Answer.objects.filter(session=practice, question_id=question_id)
        .select_related("question")
        .first()
    )
    if given is None:
        return redirect("practice-session", session_id=practice.pk)
    return render(request, "practice/feedback.html", _feedback_context(practice, given))


@login_required
@require_GET
def summary(request: HttpRequest, session_id: int) -> HttpResponse:
    user = authenticated_user(request)
    practice = access.get_session_for_user(user, session_id)
    if not practice.is_complete:
        return redirect("practice-session", session_id=practice.pk)
    answers = practice.answers_by_question()
    rows = [
        {
            "question": question,
            "answer": answers[question.pk],
            "chosen": question.options[answers[question.pk].chosen]["text"],
            "right": question.options[question.correct_index]["text"],
        }
        for question in practice.questions()
    ]
    card = access.get_concept_card_for_user(user, practice.concept)
    now = timezone.now()
    context = {
        "session": practice,
        "rows": rows,
        "correct": sum(answer.correct for answer in answers.values()),
        "card": card,
        "streak": streak_for(user, user.local_date(now)),
        "next": today_for(user, now).plan.next_item,
    }
    return render(request, "practice/summary.html", context)


def _question_context(practice: PracticeSession, question: CheckQuestion) -> dict[str, object]:
    return {
        "session": practice,
        "question": question,
        "number": practice.question_ids.index(question.pk) + 1,
        "total": len(practice.question_ids),
    }


def _feedback_context(practice: PracticeSession, given: Answer) -> dict[str, object]:
    question = given.question
    number = practice.question_ids.index(question.pk) + 1
    return {
        "session": practice,
        "question": question,
        "answer": given,
        "chosen_option": question.options[given.chosen],
        "correct_option": question.options[question.correct_index],
        # Shown after a wrong answer, so its "Right." opener would read oddly.
        "correct_explanation": _without_praise(
            question.options[question.correct_index]["feedback"]
        ),
        "number": number,
        "total": len(practice.question_ids),
        "is_last": number == len(practice.question_ids),
    }


def _without_praise(feedback: str) -> str:
    return re.sub(r"^(Right|Correct|Yes|Exactly)[.!,]\s*", "", feedback)
