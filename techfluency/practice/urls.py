from django.urls import path

from techfluency.practice import views

urlpatterns = [
    path("today/", views.today, name="practice-today"),
    path("learn/<slug:slug>/", views.lesson, name="practice-lesson"),
    path("learn/<slug:slug>/start/", views.lesson_start, name="practice-lesson-start"),
    path("review/<slug:slug>/start/", views.review_start, name="practice-review-start"),
    path("sessions/<int:session_id>/", views.session, name="practice-session"),
    path("sessions/<int:session_id>/answer/", views.answer, name="practice-answer"),
    path(
        "sessions/<int:session_id>/feedback/<int:question_id>/",
        views.feedback,
        name="practice-feedback",
    ),
    path("sessions/<int:session_id>/summary/", views.summary, name="practice-summary"),
]
