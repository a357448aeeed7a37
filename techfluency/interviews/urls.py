from django.urls import path

from techfluency.interviews import views

urlpatterns = [
    path("interviews/", views.bank, name="interviews-bank"),
    path("interviews/attempts/<int:attempt_id>/", views.attempt_view, name="interviews-attempt"),
    path(
        "interviews/attempts/<int:attempt_id>/grade/",
        views.self_grade,
        name="interviews-self-grade",
    ),
    path("interviews/attempts/<int:attempt_id>/judge/", views.ask_judge, name="interviews-judge"),
    path("interviews/<str:question_id>/", views.practice, name="interviews-practice"),
    path("interviews/<str:question_id>/answer/", views.submit, name="interviews-submit"),
    path("interviews/<str:question_id>/draft/", views.save_draft, name="interviews-draft"),
    path("interviews/<str:question_id>/history/", views.history, name="interviews-history"),
    path("interviews/<str:question_id>/compare/", views.compare, name="interviews-compare"),
    path("explain/<slug:slug>/", views.explain, name="interviews-explain"),
    path("explain/<slug:slug>/draft/", views.explain_draft, name="interviews-explain-draft"),
]
