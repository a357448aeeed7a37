from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from techfluency.curriculum.content_dir import read_content
from techfluency.curriculum.loading import content_load


class Command(BaseCommand):
    help = "Validate the content files under CONTENT_DIR and load them into the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Validate only; print every problem as path:line: message and exit 1 if any.",
        )

    def handle(self, *args: Any, check: bool, **options: Any) -> None:
        content = read_content(settings.CONTENT_DIR)
        for problem in sorted(content.problems, key=lambda p: (p.path, p.line)):
            self.stderr.write(str(problem))
        if content.problems:
            raise CommandError(
                f"{len(content.problems)} problem(s) in the content; nothing was loaded",
                returncode=1,
            )
        counts = (
            f"{len(content.lessons)} lessons, {len(content.interview_questions)} interview questions, "
            f"{len(content.exercises)} SQL exercises, {len(content.glossary)} glossary terms"
        )
        if check:
            self.stdout.write(f"{counts}: no problems")
            return
        report = content_load(
            lessons=content.lessons,
            exercises=content.exercises,
            questions=content.interview_questions,
            glossary=content.glossary,
            now=timezone.now(),
        )
        self.stdout.write(f"Content loaded ({counts}): {report.summary()}")
