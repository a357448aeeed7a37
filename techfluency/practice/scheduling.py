"""Spaced repetition with FSRS (the `fsrs` package), as plain values. No ORM.

Cards are stored as rows; this module turns a row's fields into an `fsrs.Card`, reviews it,
and hands back the new fields. The scheduler has no learning steps: a learner meets a
concept once a day at most, so minute-scale steps (the library's default 1 and 10 minutes)
would only make a lesson due again before the learner has left the page.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

import fsrs

# Fuzzing spreads due dates randomly; with it off the same history always gives the same
# schedule, which learners can trust and tests can check. Load is tiny per learner.
_SCHEDULER = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


class Rating(IntEnum):
    AGAIN = fsrs.Rating.Again.value
    HARD = fsrs.Rating.Hard.value
    GOOD = fsrs.Rating.Good.value
    EASY = fsrs.Rating.Easy.value


@dataclass(frozen=True)
class CardState:
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


def new_card(now: datetime) -> CardState:
    return CardState(
        state=fsrs.State.Learning.value,
        step=0,
        stability=None,
        difficulty=None,
        due=now,
        last_review=None,
    )


def _to_fsrs(card_id: int, state: CardState) -> fsrs.Card:
    # card_id must always be passed: without it fsrs.Card() sleeps 1 ms to make a unique id.
    return fsrs.Card(
        card_id=card_id,
        state=fsrs.State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def review(card_id: int, state: CardState, rating: Rating, at: datetime) -> CardState:
    card, _log = _SCHEDULER.review_card(_to_fsrs(card_id, state), fsrs.Rating(rating.value), at)
    return CardState(
        state=card.state.value,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def recall_probability(card_id: int, state: CardState, at: datetime) -> float:
    """FSRS's estimate that the learner would recall this item at `at` (0 for an unseen card)."""
    if state.last_review is None:
        return 0.0
    return float(_SCHEDULER.get_card_retrievability(_to_fsrs(card_id, state), at))


def rating_for_answers(correct: int, total: int) -> Rating:
    """Turn first-try answers into a rating: all right is Good, one slip is Hard, more is Again.

    Easy is never given from check questions: answering right once is not proof that an
    item is trivial, and Easy would push the next review out by over a week.
    """
    if total <= 0:
        raise ValueError("a rating needs at least one answer")
    wrong = total - correct
    if wrong == 0:
        return Rating.GOOD
    if wrong == 1 and total >= 3:
        return Rating.HARD
    return Rating.AGAIN


def rating_for_exercise(*, wrong_attempts: int, hints: int, gave_up: bool = False) -> Rating:
    """A solved SQL exercise: clean is Good, a stumble or two is Hard, a struggle is Again."""
    if gave_up:
        return Rating.AGAIN
    stumbles = wrong_attempts + hints
    if stumbles == 0:
        return Rating.GOOD
    if stumbles <= 2:
        return Rating.HARD
    return Rating.AGAIN


def rating_for_self_grade(grades: list[tuple[bool, str]]) -> Rating:
    """(must-have?, covered|partly|missed) per rubric point → a rating.

    Every must-have covered and most points made is Good (all of them is Easy); must-haves
    covered only partly is Hard; a must-have missed outright is Again, because missing one
    caps an interview answer at "adequate" (curriculum §2).
    """
    if not grades:
        raise ValueError("a self-grade needs at least one rubric point")
    musts = [grade for must, grade in grades if must]
    if any(grade == "missed" for grade in musts):
        return Rating.AGAIN
    if any(grade == "partly" for grade in musts):
        return Rating.HARD
    if all(grade == "covered" for _, grade in grades):
        return Rating.EASY
    covered = sum(1 for _, grade in grades if grade == "covered")
    return Rating.GOOD if covered * 2 >= len(grades) else Rating.HARD
