"""Precision and recall of the coach's point detection over the labelled calibration set."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(verbose: bool = False) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    from techfluency.curriculum.content_dir import read_content
    from techfluency.interviews.calibration import load_calibration, score

    content = read_content(settings.CONTENT_DIR)
    questions = {question.id: question for question in content.interview_questions}
    answers, problems = load_calibration(
        Path(settings.CONTENT_DIR) / "interviews" / "calibration", questions
    )
    for problem in problems:
        print(f"  problem: {problem}")
    jargon = [name for entry in content.glossary for name in entry.names()]
    result = score(answers, questions, jargon)
    labelled = sum(1 for a in answers for mark in a.marks.values() if mark != "partly")
    print("\nInterview coach")
    print(
        f"Point detection over {len(answers)} labelled answers to {len({a.question_id for a in answers})} questions "
        f"({labelled} covered/missed marks): precision {result.precision:.2f}, recall {result.recall:.2f} (targets >= 0.80)"
    )
    if verbose:
        for miss in result.misses:
            print("  " + miss)
    return {"precision": result.precision, "recall": result.recall}


if __name__ == "__main__":
    main(verbose="-v" in sys.argv)
