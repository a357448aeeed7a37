"""The glossary file (content/glossary.yaml): one plain-English sentence per term. Pure logic."""

import hashlib
import re
from dataclasses import dataclass

from techfluency.core import readability, yaml_lines
from techfluency.core.front_matter import SLUG, FieldReader, Problem, with_lines
from techfluency.core.yaml_lines import LineDict

# The key terms of the seed page, as it lists them, each split into the terms a learner
# would look up. The content tests require an entry (term or alias) for every one.
SEED_TERMS = (
    "REST", "endpoint", "HTTP status code", "rate limiting", "webhook", "authentication", "OAuth", "API key",
    "SQL", "SELECT", "WHERE", "JOIN", "GROUP BY", "index", "primary key", "relational database", "NoSQL",
    "schema", "query performance", "load balancer", "cache", "CDN", "microservices", "monolith",
    "eventual consistency", "horizontal scaling", "vertical scaling", "event tracking", "funnel analysis",
    "data warehouse", "ETL", "session", "A/B test assignment", "Amplitude", "Mixpanel",
)  # fmt: skip
MAX_DEFINITION_WORDS = 40


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    slug: str
    aliases: tuple[str, ...]
    definition: str
    concept: str  # slug of the lesson that teaches it
    line: int

    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


def term_slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def parse_glossary(path: str, text: str) -> tuple[list[GlossaryEntry], list[Problem], str]:
    reader = FieldReader(path)
    try:
        data = yaml_lines.load(text)
    except yaml_lines.YamlError as error:
        reader.problem(error.line, str(error))
        return [], reader.problems, ""
    if not isinstance(data, LineDict):
        reader.problem(1, "the glossary must be a mapping with a 'terms' list")
        return [], reader.problems, ""
    entries = []
    seen: dict[str, int] = {}
    for line, item in with_lines(reader.items(data, "terms")):
        entry = reader.mapping(item, line, "a glossary entry")
        if entry is None:
            continue
        reader.unknown_keys(entry, {"term", "aliases", "definition", "concept"}, "a glossary entry")
        term = reader.text(entry, "term")
        definition = reader.text(entry, "definition")
        concept = reader.text(entry, "concept")
        if concept and not SLUG.match(concept):
            reader.problem(entry.line_of("concept"), f"concept '{concept}' must be a lesson slug")
        aliases = []
        for alias_line, alias in with_lines(reader.items(entry, "aliases", required=False)):
            if not isinstance(alias, str) or not alias.strip():
                reader.problem(alias_line, "each alias must be non-empty text")
            else:
                aliases.append(alias.strip())
        for name in (term, *aliases):
            key = name.lower()
            if key and key in seen:
                reader.problem(entry.line, f"'{name}' is already defined on line {seen[key]}")
            seen[key] = entry.line
        sentences = readability.sentences(definition)
        if definition and len(sentences) != 1:
            reader.problem(
                entry.line_of("definition"),
                f"the definition of '{term}' must be one sentence, not {len(sentences)}",
            )
        if definition and len(readability.words(definition)) > MAX_DEFINITION_WORDS:
            reader.problem(
                entry.line_of("definition"),
                f"the definition of '{term}' is over {MAX_DEFINITION_WORDS} words",
            )
        entries.append(
            GlossaryEntry(
                term=term,
                slug=term_slug(term),
                aliases=tuple(aliases),
                definition=definition,
                concept=concept,
                line=entry.line,
            )
        )
    return entries, reader.problems, hashlib.sha256(text.encode()).hexdigest()


def check_links(path: str, entries: list[GlossaryEntry], lesson_slugs: set[str]) -> list[Problem]:
    return [
        Problem(
            path,
            entry.line,
            f"'{entry.term}' links to concept '{entry.concept}', which is not a lesson",
        )
        for entry in entries
        if entry.concept not in lesson_slugs
    ]


def missing_seed_terms(entries: list[GlossaryEntry]) -> list[str]:
    names = {name.lower() for entry in entries for name in entry.names()}
    return [term for term in SEED_TERMS if term.lower() not in names]
