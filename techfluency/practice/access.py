"""The only ways to fetch a learner's practice rows: each takes the learner, so an outsider
gets 404 by construction."""

from django.http import Http404

from techfluency.accounts.models import User
from techfluency.curriculum.models import Concept
from techfluency.practice.models import Card, CardKind, PracticeSession


def get_session_for_user(user: User, session_id: int) -> PracticeSession:
    try:
        return PracticeSession.objects.select_related("concept", "lesson_version").get(
            pk=session_id, user=user
        )
    except PracticeSession.DoesNotExist:
        raise Http404("No such practice session") from None


def get_concept_card_for_user(user: User, concept: Concept) -> Card | None:
    return Card.objects.filter(user=user, kind=CardKind.CONCEPT, subject=concept.pk).first()


def get_live_concept(slug: str) -> Concept:
    try:
        return Concept.objects.live().select_related("current_version").get(slug=slug)
    except Concept.DoesNotExist:
        raise Http404("No such lesson") from None
