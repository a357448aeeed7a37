from django import forms

from techfluency.sqllab.dialects import DEFAULT_DIALECT, DIALECTS
from techfluency.sqllab.worker import MAX_INPUT_BYTES


class QueryForm(forms.Form):
    dialect = forms.ChoiceField(choices=list(DIALECTS.items()), initial=DEFAULT_DIALECT)
    sql = forms.CharField(
        strip=False,
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "spellcheck": "false",
                "autocapitalize": "off",
                "autocomplete": "off",
            }
        ),
        error_messages={"max_length": "The query is longer than 20 KB, the limit for one query."},
    )

    def clean_sql(self) -> str:
        sql: str = self.cleaned_data["sql"]
        if len(sql.encode("utf-8", errors="replace")) > MAX_INPUT_BYTES:
            raise forms.ValidationError(
                f"The query is {len(sql.encode('utf-8', errors='replace')) // 1000} KB; the limit for one query is 20 KB."
            )
        return sql


class RunForm(QueryForm):
    def clean_sql(self) -> str:
        sql = super().clean_sql()
        if not sql.strip():
            raise forms.ValidationError("Write a query first.")
        return sql
