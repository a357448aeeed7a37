from django import forms

MAX_ANSWER_CHARACTERS = 10_000
TIMER_CHOICES = [("", "No timer"), ("120", "2 minutes"), ("180", "3 minutes"), ("300", "5 minutes")]
GRADE_CHOICES = [("covered", "Covered"), ("partly", "Partly"), ("missed", "Missed")]


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="Your answer",
        strip=False,
        max_length=MAX_ANSWER_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "required": "Write your answer first.",
            "max_length": (
                "Your answer is %(show_value)s characters; the limit is %(limit_value)s. "
                "It is still in the box: shorten it and submit again."
            ),
        },
    )
    timer_seconds = forms.TypedChoiceField(
        label="Timer", choices=TIMER_CHOICES, coerce=int, required=False, empty_value=None
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Write your answer first.")
        return text


class DraftForm(forms.Form):
    text = forms.CharField(strip=False, required=False, max_length=MAX_ANSWER_CHARACTERS)


class SelfGradeForm(forms.Form):
    """One covered/partly/missed choice per rubric point of the attempt."""

    def __init__(self, *args: object, points: list[dict[str, object]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.points = points
        for point in points:
            self.fields[f"point_{point['id']}"] = forms.ChoiceField(
                label=str(point["text"]),
                choices=GRADE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose covered, partly or missed for this point."},
            )

    def grades(self) -> dict[str, str]:
        return {
            str(point["id"]): self.cleaned_data[f"point_{point['id']}"] for point in self.points
        }
