"""The optional LLM judge: a second opinion from an OpenAI-compatible chat-completions endpoint.

Used only when LLM_BASE_URL, LLM_API_KEY and LLM_MODEL are all set; otherwise nothing is
ever sent. The reply must be strict JSON with a verdict per rubric point; anything else (a
malformed reply, a refusal, a time-out, an HTTP error) becomes a clear message, and the
offline coach's verdicts stand on their own. No Django here: the caller passes the config.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

VERDICTS = ("covered", "partly", "missed")
_SYSTEM = (
    "You grade a candidate's spoken answer to a product-manager interview question against a rubric. "
    "For every rubric point, decide whether the answer covers it (covered), touches it without the key "
    "idea (partly), or does not (missed), and quote the shortest part of the answer that shows it. "
    'Reply with JSON only, exactly: {"points": [{"id": "<point id>", "verdict": "covered|partly|missed", '
    '"quote": "<words from the answer or empty>", "reason": "<one sentence>"}]}. No other text.'
)


@dataclass(frozen=True)
class JudgeConfig:
    base_url: str
    api_key: str
    model: str
    timeout: float = 20.0


@dataclass(frozen=True)
class JudgeVerdict:
    id: str
    verdict: str
    quote: str
    reason: str


@dataclass(frozen=True)
class JudgeResult:
    verdicts: list[JudgeVerdict]
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"error": self.error, "points": [v.__dict__ for v in self.verdicts]}


def prompt(question: str, rubric: list[dict[str, Any]], answer: str) -> list[dict[str, str]]:
    points = "\n".join(
        f"- {p['id']}{' (must-have)' if p.get('must') else ''}: {p['text']}" for p in rubric
    )
    return [
        {"role": "system", "content": _SYSTEM},
        {
            "role": "user",
            "content": f"Question: {question}\n\nRubric:\n{points}\n\nAnswer:\n{answer}",
        },
    ]


def judge(
    config: JudgeConfig, *, question: str, rubric: list[dict[str, Any]], answer: str
) -> JudgeResult:
    body = json.dumps(
        {
            "model": config.model,
            "messages": prompt(question, rubric, answer),
            "temperature": 0,
            "response_format": {"type": "json_object"},
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - the operator configures an https or local URL
        config.base_url.rstrip("/") + "/chat/completions",
        data=body,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {config.api_key}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:  # noqa: S310
            payload = json.loads(response.read(2_000_000))
    except TimeoutError:
        return _failed(f"The AI judge did not answer within {config.timeout:g} s.")
    except urllib.error.HTTPError as error:
        return _failed(f"The AI judge's service answered with an error (HTTP {error.code}).")
    except (urllib.error.URLError, OSError) as error:
        if isinstance(getattr(error, "reason", None), TimeoutError):
            return _failed(f"The AI judge did not answer within {config.timeout:g} s.")
        return _failed("The AI judge's service could not be reached.")
    except ValueError:
        return _failed("The AI judge's service sent a reply that is not JSON.")
    return parse_reply(payload, {point["id"] for point in rubric})


def parse_reply(payload: Any, point_ids: set[str]) -> JudgeResult:
    try:
        message = payload["choices"][0]["message"]
    except (KeyError, IndexError, TypeError):
        return _failed("The AI judge's reply was not in the expected format.")
    if message.get("refusal"):
        return _failed("The AI judge declined to grade this answer.")
    content = message.get("content") or ""
    try:
        data = json.loads(content)
        points = data["points"]
        verdicts = [
            JudgeVerdict(
                id=str(point["id"]),
                verdict=str(point["verdict"]).lower(),
                quote=str(point.get("quote") or ""),
                reason=str(point.get("reason") or ""),
            )
            for point in points
        ]
    except (ValueError, KeyError, TypeError):
        return _failed("The AI judge's reply could not be read as a verdict for each point.")
    if {v.id for v in verdicts} != point_ids or any(v.verdict not in VERDICTS for v in verdicts):
        return _failed(
            "The AI judge's reply did not give one valid verdict for every rubric point."
        )
    return JudgeResult(verdicts=verdicts)


def _failed(message: str) -> JudgeResult:
    return JudgeResult(verdicts=[], error=message + " The coach's verdicts above still stand.")
