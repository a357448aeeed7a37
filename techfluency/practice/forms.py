from typing import Any

from django import forms

from techfluency.curriculum.models import CheckQuestion
from techfluency.practice.models import PracticeSession


class AnswerForm(forms.Form):
    question = forms.IntegerField(
        min_value=1, error_messages={"required": "The question is missing from the form."}
    )
    option = forms.IntegerField(
        min_value=0,
        max_value=9,
        error_messages={
            "required": "Choose an answer first.",
            "invalid": "That answer is not one of the options.",
            "min_value": "That answer is not one of the options.",
            "max_value": "That answer is not one of the options.",
        },
    )

    def __init__(self, *args: object, session: PracticeSession, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.session = session
        self.checked_question: CheckQuestion | None = None

    def clean_question(self) -> int:
        question: int = self.cleaned_data["question"]
        if question not in self.session.question_ids:
            raise forms.ValidationError("That question is not part of this session.")
        return question

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        question_id, option = cleaned.get("question"), cleaned.get("option")
        if question_id is not None:
            self.checked_question = CheckQuestion.objects.get(pk=question_id)
            if option is not None and option >= len(self.checked_question.options):
                self.add_error("option", "That answer is not one of the options.")
        return cleaned
