"""Drive the learner's flows through HTTP, the way a browser without JavaScript would."""

import re

from django.test import Client
from django.urls import reverse

from techfluency.curriculum.models import CheckQuestion, Concept
from techfluency.practice.models import PracticeSession


def start_lesson(client: Client, concept: Concept) -> PracticeSession:
    response = client.post(reverse("practice-lesson-start", args=[concept.slug]))
    assert response.status_code == 302, response
    session_id = int(re.search(r"/sessions/(\d+)/", response["Location"]).group(1))  # type: ignore[union-attr]
    return PracticeSession.objects.get(pk=session_id)


def start_review(client: Client, concept: Concept) -> PracticeSession:
    response = client.post(reverse("practice-review-start", args=[concept.slug]))
    assert response.status_code == 302, response
    session_id = int(re.search(r"/sessions/(\d+)/", response["Location"]).group(1))  # type: ignore[union-attr]
    return PracticeSession.objects.get(pk=session_id)


def wrong_option(question: CheckQuestion) -> int:
    return next(i for i, option in enumerate(question.options) if not option["correct"])


def answer_all(client: Client, session: PracticeSession, *, wrong: int = 0) -> None:
    """Answer every question of a session, the first `wrong` of them wrongly."""
    for index, question_id in enumerate(session.question_ids):
        question = CheckQuestion.objects.get(pk=question_id)
        option = wrong_option(question) if index < wrong else question.correct_index
        response = client.post(
            reverse("practice-answer", args=[session.pk]),
            {"question": question_id, "option": option},
        )
        assert response.status_code == 302, response.content[:500]


def visible_text(html: str) -> str:
    """The page's text with tags removed and whitespace collapsed, as a reader would see it."""
    without_tags = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", without_tags).strip()
