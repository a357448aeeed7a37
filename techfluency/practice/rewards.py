"""XP for finished practice. Pure arithmetic, no ORM.

XP rewards effort first and accuracy second, so a learner who gets everything wrong still
sees progress for showing up (the streak counts the day either way).
"""

LESSON_BASE_XP = 10
XP_PER_CORRECT = 2
REVIEW_CORRECT_XP = 5
REVIEW_WRONG_XP = 2

# Time estimates shown on Today, in minutes.
REVIEW_MINUTES = 0.5


def xp_for_session(*, kind: str, correct: int, total: int) -> int:
    if kind == "review":
        return REVIEW_CORRECT_XP if correct == total else REVIEW_WRONG_XP
    return LESSON_BASE_XP + XP_PER_CORRECT * correct
