from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from techfluency.accounts.models import User
from techfluency.core.http import authenticated_user
from techfluency.curriculum.models import Area, Concept, GlossaryTerm
from techfluency.practice import scheduling
from techfluency.practice.models import Card, CardKind

MAX_QUERY_LENGTH = 100


def _recall_by_concept(user: User) -> dict[str, float]:
    now = timezone.now()
    return {
        card.subject: scheduling.recall_probability(card.pk, card.fsrs_state(), now)
        for card in Card.objects.filter(user=user, kind=CardKind.CONCEPT)
    }


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    recall = _recall_by_concept(authenticated_user(request))
    areas = []
    for area in Area:
        ids = list(Concept.objects.live().filter(area=area.value).values_list("id", flat=True))
        seen = [recall[i] for i in ids if i in recall]
        areas.append(
            {
                "code": area.value,
                "name": area.label,
                "total": len(ids),
                "seen": len(seen),
                "recall": sum(seen) / len(seen) if seen else None,
            }
        )
    return render(request, "curriculum/library.html", {"areas": areas})


@login_required
@require_GET
def area(request: HttpRequest, code: str) -> HttpResponse:
    try:
        chosen = Area(code)
    except ValueError:
        raise Http404("No such area") from None
    recall = _recall_by_concept(authenticated_user(request))
    concepts = list(
        Concept.objects.live()
        .filter(area=chosen.value)
        .prefetch_related("prerequisites")
        .select_related("current_version")
    )
    rows = [
        (concept, list(concept.prerequisites.all()), recall.get(concept.pk)) for concept in concepts
    ]
    return render(request, "curriculum/area.html", {"area": chosen, "rows": rows})


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = GlossaryTerm.objects.select_related("concept")
    if query:
        terms = terms.filter(
            Q(term__icontains=query) | Q(definition__icontains=query) | Q(aliases__icontains=query)
        )
    return render(request, "curriculum/glossary.html", {"terms": list(terms), "query": query})


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    return render(request, "curriculum/faq.html")
