"""The only ways to fetch a learner's interview rows: each takes the learner."""

from django.http import Http404

from techfluency.accounts.models import User
from techfluency.curriculum.models import Concept
from techfluency.interviews.models import AnswerDraft, Attempt, InterviewQuestion


def get_live_question(question_id: str) -> InterviewQuestion:
    try:
        return InterviewQuestion.objects.live().get(pk=question_id.upper())
    except InterviewQuestion.DoesNotExist:
        raise Http404("No such interview question") from None


def get_attempt_for_user(user: User, attempt_id: int) -> Attempt:
    try:
        return Attempt.objects.select_related("question", "concept").get(pk=attempt_id, user=user)
    except Attempt.DoesNotExist:
        raise Http404("No such attempt") from None


def draft_text_for_user(
    user: User, *, question: InterviewQuestion | None = None, concept: Concept | None = None
) -> str:
    draft = AnswerDraft.objects.filter(user=user, question=question, concept=concept).first()
    return draft.text if draft else ""


def attempts_for_user(
    user: User, *, question: InterviewQuestion | None = None, concept: Concept | None = None
) -> list[Attempt]:
    return list(
        Attempt.objects.filter(user=user, question=question, concept=concept).order_by(
            "-submitted_at"
        )
    )
