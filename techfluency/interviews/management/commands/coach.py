"""`manage.py coach <question-id>`: the coach's verdict on an answer read from standard input, as JSON."""

import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from techfluency.curriculum.content_dir import read_content
from techfluency.interviews.calibration import coach_points
from techfluency.interviews.coach import coach


class Command(BaseCommand):
    help = "Read an answer on standard input and print the coach's report on it as JSON."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("question_id", help="e.g. Q-API-2")

    def handle(self, *args: Any, question_id: str, **options: Any) -> None:
        # Read from the content files, so the command works before (or without) load_content.
        content = read_content(settings.CONTENT_DIR)
        questions = {question.id: question for question in content.interview_questions}
        question = questions.get(question_id.upper())
        if question is None:
            raise CommandError(
                f"No interview question '{question_id}'. Known: {', '.join(sorted(questions))}"
            )
        answer = (options.get("stdin") or sys.stdin).read()
        report = coach(
            answer=answer,
            rubric=coach_points(question),
            stakeholder=question.style == "stakeholder",
            jargon_terms=[name for entry in content.glossary for name in entry.names()],
            length_range=question.answer_words,
        )
        payload = {"question": question.id, "style": question.style, **report.as_json()}
        self.stdout.write(json.dumps(payload, indent=2))
