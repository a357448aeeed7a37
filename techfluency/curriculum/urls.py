from django.urls import path

from techfluency.curriculum import views

urlpatterns = [
    path("library/", views.library, name="curriculum-library"),
    path("library/<str:code>/", views.area, name="curriculum-area"),
    path("glossary/", views.glossary, name="curriculum-glossary"),
    path("faq/", views.faq, name="curriculum-faq"),
]
