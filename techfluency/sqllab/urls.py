from django.urls import path

from techfluency.sqllab import views

urlpatterns = [
    path("sql/", views.index, name="sqllab-index"),
    path("sql/play/", views.play, name="sqllab-play"),
    path("sql/attempts/<int:submission_id>/", views.submission, name="sqllab-submission"),
    path("sql/<str:exercise_id>/", views.exercise, name="sqllab-exercise"),
    path("sql/<str:exercise_id>/run/", views.run, name="sqllab-run"),
    path("sql/<str:exercise_id>/grade/", views.grade, name="sqllab-grade"),
    path("sql/<str:exercise_id>/hint/", views.hint, name="sqllab-hint"),
    path("sql/<str:exercise_id>/give-up/", views.give_up, name="sqllab-give-up"),
    path("sql/<str:exercise_id>/review/", views.review_start, name="sqllab-review-start"),
    path("sql/<str:exercise_id>/draft/", views.save_draft, name="sqllab-draft"),
]
