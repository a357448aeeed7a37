"""The answer coach: offline, deterministic and transparent. Pure logic, no ORM.

How it matches. Every rubric point carries hand-written *cues*: phrases an examiner listens
for, with their synonyms. A cue is groups joined by `+`, each group a set of alternatives
joined by `|`, e.g. `retry | back off + jitter | random`. A sentence (or a sentence and the
next, for points people make over two sentences) covers the point when every group of some
cue appears in it. Words are compared after light stemming, so "retries", "retried" and
"retrying" all match "retry"; a trailing `*` matches any ending (`idempoten*`). Cues that
start with `@` name a built-in check instead (`@analogy`, `@no-jargon`, `@business-impact`,
`@length`, `@one-paragraph`, `@ask`).

Why not embeddings: a small sentence model would find paraphrases the cues miss, but it
cannot say *why* it matched, it drifts with the model version, and on this calibration set
hand-written cues already reach the precision and recall targets (see bench/coach.py).
The limits: a point made in words no cue anticipated is reported "not found" (the learner
self-grades anyway), and a cue's words inside a negated sentence still match.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from techfluency.core import readability

SPOKEN_WORDS_PER_MINUTE = 150
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|[%$£€]")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
# Words skipped when matching a phrase, so "a rate limit" matches "rate limit".
_FILLER = {"a", "an", "the", "our", "their", "its", "this", "that", "your", "my", "some", "any"}
# An explanation right after a term ("a rate limit, which means…", "a cache (a faster copy)")…
_EXPLAINS_AFTER = re.compile(
    r"^[\s,]*(\(|—|-|:|which means|that means|means|meaning|in other words|that is|i\.e\.|is when|"
    r"is a\b|is an\b|is the\b|are\b|is like|works like|is just|basically|refers to|stands for|think of)",
    re.IGNORECASE,
)
# …or just before it ("a cap on orders, which engineers call a rate limit").
_EXPLAINS_BEFORE = re.compile(
    r"(call|calls|called|known as|so-called|name for|term for)\W+(a|an|the)?\s*$", re.IGNORECASE
)
_ANALOGY = re.compile(
    r"\b(like a|like an|like the|think of|imagine|similar to|as if|works like|is like|picture|"
    r"it's as though|the same way|much like|just as)\b",
    re.IGNORECASE,
)
_IMPACT = re.compile(
    r"\b(revenue|sales|customers?|orders?|money|cost|costs|lost|lose|losing|churn|conversion|sign-?ups?|"
    r"checkouts?|downtime|outage|complain\w*|support tickets?|reputation|launch|deadline|"
    r"refunds?|abandon\w*|SLA|brand|trust)\b|[$£€%]|\b\d[\d,.]*\s?(k|m|million|thousand|percent|minutes?|seconds?|hours?)\b",
    re.IGNORECASE,
)
_ASK = re.compile(
    r"\b(I'd (recommend|suggest|propose|ask)|I would (recommend|suggest|propose|ask)|we should|my recommendation|"
    r"I recommend|I suggest|I propose|can we|could we|I need|we need (you|your|a decision)|decision|approve|"
    r"sign[- ]off|budget|let's|next step)\b",
    re.IGNORECASE,
)
# Jargon a non-technical listener should not meet unexplained, beyond the glossary terms.
EXTRA_JARGON = (
    "429", "HTTP", "throttling", "throttle", "endpoint", "round robin", "L7", "L4", "latency", "SLA",
    "backoff", "exponential backoff", "idempotent", "idempotency", "API", "server", "servers", "node",
    "nodes", "instance", "instances", "horizontal scaling", "vertical scaling", "autoscaling", "health check",
    "failover", "TCP", "DNS", "reverse proxy", "payload", "token bucket", "request", "requests",
)  # fmt: skip


def stem(word: str) -> str:
    """A light, consistent stemmer: the same rule on cues and answers is what matters."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 2 and word.endswith("y"):
        word = word[:-1] + "i"
    return word


def tokens(text: str) -> list[str]:
    return [stem(word) for word in _WORD.findall(text) if word.lower() not in _FILLER]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def sentence_spans(text: str) -> list[Span]:
    spans = []
    for match in _SENTENCE.finditer(text):
        chunk = match.group(0)
        stripped = chunk.strip()
        if not stripped or not _WORD.search(stripped):
            continue
        start = match.start() + (len(chunk) - len(chunk.lstrip()))
        spans.append(Span(start, start + len(stripped), stripped))
    return spans


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]

    def found_in(self, sequence: Sequence[str]) -> bool:
        size = len(self.words)
        for index in range(len(sequence) - size + 1):
            if all(
                _word_matches(pattern, sequence[index + offset])
                for offset, pattern in enumerate(self.words)
            ):
                return True
        return False


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def parse_cue(cue: str) -> list[list[Phrase]]:
    """`a | b c + d` → [[Phrase(a), Phrase(b c)], [Phrase(d)]]."""
    groups = []
    for group in cue.split("+"):
        alternatives = []
        for alternative in group.split("|"):
            words = [w for w in alternative.strip().split() if w.lower() not in _FILLER]
            if words:
                alternatives.append(
                    Phrase(tuple(stem(w[:-1]) + "*" if w.endswith("*") else stem(w) for w in words))
                )
        if alternatives:
            groups.append(alternatives)
    return groups


@dataclass(frozen=True)
class RubricPoint:
    id: str
    text: str
    must: bool
    concept: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class PointVerdict:
    id: str
    text: str
    must: bool
    covered: bool
    evidence: Span | None
    concept: str
    check: str = ""  # the built-in check that decided it, if any


@dataclass(frozen=True)
class JargonUse:
    term: str
    span: Span
    explained: bool


@dataclass
class StakeholderChecks:
    words: int
    paragraphs: int
    grade: float
    spoken_seconds: int
    length_range: tuple[int, int]
    jargon: list[JargonUse] = field(default_factory=list)
    analogy: Span | None = None
    business_impact: Span | None = None
    ask: Span | None = None

    @property
    def unexplained_jargon(self) -> list[JargonUse]:
        return [use for use in self.jargon if not use.explained]

    @property
    def length_ok(self) -> bool:
        low, high = self.length_range
        return low <= self.words <= high


@dataclass
class CoachReport:
    points: list[PointVerdict]
    stakeholder: StakeholderChecks | None

    @property
    def must_covered(self) -> int:
        return sum(1 for point in self.points if point.must and point.covered)

    @property
    def must_total(self) -> int:
        return sum(1 for point in self.points if point.must)

    def as_json(self) -> dict[str, object]:
        report: dict[str, object] = {
            "points": [
                {
                    "id": p.id,
                    "text": p.text,
                    "must": p.must,
                    "verdict": "covered" if p.covered else "not found",
                    "evidence": p.evidence.text if p.evidence else None,
                    "evidence_span": [p.evidence.start, p.evidence.end] if p.evidence else None,
                    "lesson": p.concept,
                    "check": p.check or None,
                }
                for p in self.points
            ],
            "must_haves": {"covered": self.must_covered, "total": self.must_total},
            "points_covered": sum(1 for p in self.points if p.covered),
        }
        if self.stakeholder is not None:
            s = self.stakeholder
            report["stakeholder"] = {
                "words": s.words,
                "paragraphs": s.paragraphs,
                "reading_grade": round(s.grade, 1),
                "spoken_seconds": s.spoken_seconds,
                "length_range": list(s.length_range),
                "length_ok": s.length_ok,
                "jargon": [
                    {
                        "term": j.term,
                        "explained": j.explained,
                        "span": [j.span.start, j.span.end],
                        "sentence": j.span.text,
                    }
                    for j in s.jargon
                ],
                "unexplained_jargon": sorted({j.term for j in s.unexplained_jargon}),
                "analogy": s.analogy.text if s.analogy else None,
                "business_impact": s.business_impact.text if s.business_impact else None,
                "ask": s.ask.text if s.ask else None,
            }
        return report


def stakeholder_checks(
    text: str, *, jargon_terms: Iterable[str], length_range: tuple[int, int]
) -> StakeholderChecks:
    spans = sentence_spans(text)
    prose = readability.measure(text)
    paragraphs = [block for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    checks = StakeholderChecks(
        words=prose.words,
        paragraphs=len(paragraphs),
        grade=prose.grade,
        spoken_seconds=round(prose.words / SPOKEN_WORDS_PER_MINUTE * 60),
        length_range=length_range,
    )
    seen: set[tuple[str, int]] = set()
    for term in sorted({*jargon_terms, *EXTRA_JARGON}, key=len, reverse=True):
        pattern = re.compile(
            rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE if not term.isupper() else 0
        )
        for span in spans:
            for match in pattern.finditer(span.text):
                start = span.start + match.start()
                if any(abs(start - other) < len(term) for _, other in seen):
                    continue  # already counted as part of a longer term
                seen.add((term, start))
                after = span.text[match.end() : match.end() + 40]
                before = span.text[max(0, match.start() - 40) : match.start()]
                explained = bool(_EXPLAINS_AFTER.search(after) or _EXPLAINS_BEFORE.search(before))
                checks.jargon.append(JargonUse(term=term, span=span, explained=explained))
    checks.analogy = next((span for span in spans if _ANALOGY.search(span.text)), None)
    # The consequence is the sentence with the most impact signals (money, shares, customers),
    # other than the analogy, whose story often mentions orders or customers too.
    scored = [
        (len(_IMPACT.findall(span.text)), -index, span)
        for index, span in enumerate(spans)
        if span != checks.analogy
    ]
    best = max(scored, key=lambda item: (item[0], item[1]), default=None)
    checks.business_impact = best[2] if best and best[0] > 0 else None
    checks.ask = next((span for span in reversed(spans[-3:]) if _ASK.search(span.text)), None)
    return checks


_BUILT_IN = {"@analogy", "@no-jargon", "@business-impact", "@length", "@one-paragraph", "@ask"}


def _built_in_verdict(check: str, checks: StakeholderChecks | None) -> tuple[bool, Span | None]:
    if checks is None:
        return False, None
    if check == "@analogy":
        return checks.analogy is not None, checks.analogy
    if check == "@business-impact":
        return checks.business_impact is not None, checks.business_impact
    if check == "@ask":
        return checks.ask is not None, checks.ask
    if check == "@no-jargon":
        return not checks.unexplained_jargon, None
    if check == "@length":
        return checks.length_ok, None
    if check == "@one-paragraph":
        return checks.paragraphs == 1, None
    raise ValueError(f"unknown built-in check {check}")


def coach(
    *,
    answer: str,
    rubric: Sequence[RubricPoint],
    stakeholder: bool,
    jargon_terms: Iterable[str] = (),
    length_range: tuple[int, int] = (150, 220),
) -> CoachReport:
    spans = sentence_spans(answer)
    sentence_tokens = [tokens(span.text) for span in spans]
    checks = (
        stakeholder_checks(
            answer, jargon_terms=[*jargon_terms, *EXTRA_JARGON], length_range=length_range
        )
        if stakeholder
        else None
    )
    verdicts = []
    for point in rubric:
        built_in = [cue.strip() for cue in point.cues if cue.strip() in _BUILT_IN]
        if built_in:
            if checks is None:
                checks = stakeholder_checks(
                    answer, jargon_terms=[*jargon_terms, *EXTRA_JARGON], length_range=length_range
                )
            covered, evidence = _built_in_verdict(built_in[0], checks)
            verdicts.append(
                PointVerdict(
                    point.id, point.text, point.must, covered, evidence, point.concept, built_in[0]
                )
            )
            continue
        evidence = _find_evidence(point, spans, sentence_tokens)
        verdicts.append(
            PointVerdict(
                point.id, point.text, point.must, evidence is not None, evidence, point.concept
            )
        )
    return CoachReport(points=verdicts, stakeholder=checks if stakeholder else None)


def _find_evidence(
    point: RubricPoint, spans: list[Span], sentence_tokens: list[list[str]]
) -> Span | None:
    cues = [parse_cue(cue) for cue in point.cues if not cue.strip().startswith("@")]
    cues = [cue for cue in cues if cue]
    if not cues:
        return None
    for index, words in enumerate(sentence_tokens):
        if any(_cue_matches(cue, words) for cue in cues):
            return spans[index]
    for index in range(len(spans) - 1):
        words = sentence_tokens[index] + sentence_tokens[index + 1]
        if any(_cue_matches(cue, words) for cue in cues):
            first, second = spans[index], spans[index + 1]
            return Span(first.start, second.end, f"{first.text} {second.text}")
    return None


def _cue_matches(cue: list[list[Phrase]], words: Sequence[str]) -> bool:
    return all(any(phrase.found_in(words) for phrase in group) for group in cue)
