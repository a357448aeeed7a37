"""The library, the glossary, the FAQ and the content statistics command."""

import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from techfluency.curriculum.models import Concept, GlossaryTerm
from techfluency.practice.models import Card
from techfluency.progress.models import Activity
from tests.flows import answer_all, start_lesson, visible_text


def test_library_lists_areas_then_concepts_in_teaching_order_with_prerequisites(
    content, learner, client_for
):
    client = client_for(learner)
    library = client.get(reverse("curriculum-library"))
    assert library.status_code == 200
    assert [area["code"] for area in library.context["areas"]] == ["api", "db", "sys", "data"]
    page = client.get(reverse("curriculum-area", args=["api"]))
    assert page.status_code == 200
    positions = [concept.position for concept, _, _ in page.context["rows"]]
    assert positions == sorted(positions)
    for concept, prerequisites, _ in page.context["rows"]:
        assert {p.pk for p in prerequisites} == set(
            concept.prerequisites.values_list("pk", flat=True)
        )


def test_unknown_area_is_404(content, learner, client_for):
    assert client_for(learner).get(reverse("curriculum-area", args=["cooking"])).status_code == 404


def test_library_shows_the_learners_mastery(content, learner, client_for):
    client = client_for(learner)
    concept = Concept.objects.live().order_by("position")[0]
    answer_all(client, start_lesson(client, concept))
    page = client.get(reverse("curriculum-area", args=[concept.area]))
    recall = dict((c.pk, r) for c, _, r in page.context["rows"])
    assert recall[concept.pk] is not None and 0 < recall[concept.pk] <= 1
    assert "recall now" in visible_text(page.text)


def test_checks_answered_in_the_library_count_as_practice(content, learner, client_for):
    client = client_for(learner)
    concept = Concept.objects.live().order_by("position")[0]
    answer_all(client, start_lesson(client, concept))
    again = start_lesson(client, concept)  # reopened from the library
    assert again.kind == "library"
    answer_all(client, again)
    assert Card.objects.get(user=learner, subject=concept.pk).logs.count() == 2
    assert Activity.objects.filter(user=learner, kind="library-session").count() == 1


def test_glossary_search_works_without_javascript(content, client):
    GlossaryTerm.objects.create(
        slug="zqx-widget", term="zqx widget", aliases=["zqx gadget"], definition="A made-up term."
    )
    everything = client.get(reverse("curriculum-glossary"))
    assert everything.status_code == 200 and len(everything.context["terms"]) >= 2
    found = client.get(reverse("curriculum-glossary"), {"q": "zqx gadget"})
    assert [t.term for t in found.context["terms"]] == ["zqx widget"]
    assert client.get(reverse("curriculum-glossary"), {"q": "x" * 5000}).status_code == 200


def test_faq_answers_how_technical_and_what_sql(client):
    text = visible_text(client.get(reverse("curriculum-faq")).text)
    assert "How technical do I need to be" in text and "How much SQL should I know?" in text


def test_content_stats_prints_per_area_figures():
    out = StringIO()
    call_command("content_stats", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data["areas"]) == {"api", "db", "sys", "data"}
    api = data["areas"]["api"]
    assert api["concepts"] >= 1 and api["check_questions"] >= 4
    assert api["fk_grade"]["min"] <= api["fk_grade"]["median"] <= api["fk_grade"]["max"] <= 11
