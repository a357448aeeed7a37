import json
import statistics
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from techfluency.core import readability
from techfluency.curriculum.content_dir import read_content
from techfluency.curriculum.lesson_format import AREAS, body_prose


class Command(BaseCommand):
    help = "Per area: concepts, check questions, interview questions, glossary terms and reading grades."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        content = read_content(settings.CONTENT_DIR)
        area_of_slug = {lesson.slug: lesson.area for lesson in content.lessons}
        stats: dict[str, Any] = {}
        for code, (_, name) in AREAS.items():
            lessons = [lesson for lesson in content.lessons if lesson.area == code]
            grades = [readability.measure(body_prose(lesson)).grade for lesson in lessons]
            words = [readability.measure(body_prose(lesson)).words for lesson in lessons]
            stats[code] = {
                "name": name,
                "concepts": len(lessons),
                "check_questions": sum(len(lesson.questions) for lesson in lessons),
                "interview_questions": sum(
                    1 for q in content.interview_questions if q.area == code
                ),
                "glossary_terms": sum(
                    1 for term in content.glossary if area_of_slug.get(term.concept) == code
                ),
                # The SQL Lab drills the databases area.
                "sql_exercises": len(content.exercises) if code == "db" else 0,
                "fk_grade": {
                    "min": round(min(grades), 1) if grades else None,
                    "median": round(statistics.median(grades), 1) if grades else None,
                    "max": round(max(grades), 1) if grades else None,
                },
                "body_words": {
                    "min": min(words) if words else None,
                    "median": statistics.median(words) if words else None,
                    "max": max(words) if words else None,
                },
            }
        totals = {
            "concepts": len(content.lessons),
            "check_questions": sum(len(lesson.questions) for lesson in content.lessons),
            "interview_questions": len(content.interview_questions),
            "glossary_terms": len(content.glossary),
            "sql_exercises": len(content.exercises),
            "problems": len(content.problems),
        }
        if options["json"]:
            self.stdout.write(json.dumps({"areas": stats, "totals": totals}, indent=2))
            return
        for row in stats.values():
            grade = row["fk_grade"]
            self.stdout.write(
                f"{row['name']}: {row['concepts']} concepts, {row['check_questions']} check questions, "
                f"{row['interview_questions']} interview questions, {row['glossary_terms']} glossary terms; "
                f"FK grade {grade['min']}–{grade['median']}–{grade['max']}"
            )
        self.stdout.write(f"Totals: {totals}")
