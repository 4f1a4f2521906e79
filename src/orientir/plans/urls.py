from django.urls import path, register_converter

from orientir.plans import edit_views


class DirectionConverter:
    regex = "up|down"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DirectionConverter, "direction")

urlpatterns = [
    path("plans/new/", edit_views.plan_new, name="plan-new"),
    path("plans/<int:plan_id>/edit/", edit_views.plan_edit, name="plan-edit"),
    path("plans/<int:plan_id>/delete/", edit_views.plan_delete, name="plan-delete"),
    path("plans/<int:plan_id>/renumber/", edit_views.plan_renumber, name="plan-renumber"),
    path("plans/<int:plan_id>/review/approve/", edit_views.plan_approve, name="plan-approve"),
    path("plans/<int:plan_id>/review/<slug:step>/", edit_views.plan_review, name="plan-review"),
    path("plans/<int:plan_id>/comments/", edit_views.plan_comment, name="plan-comment"),
    path(
        "plans/<int:plan_id>/deadline-preview/",
        edit_views.deadline_preview,
        name="deadline-preview",
    ),
    path("plans/<int:plan_id>/sections/new/", edit_views.section_new, name="section-new"),
    path("sections/<int:section_id>/edit/", edit_views.section_edit, name="section-edit"),
    path("sections/<int:section_id>/delete/", edit_views.section_delete, name="section-delete"),
    path(
        "sections/<int:section_id>/move/<direction:direction>/",
        edit_views.section_move,
        name="section-move",
    ),
    path("plans/<int:plan_id>/activities/new/", edit_views.activity_new, name="activity-new"),
    path("activities/<int:activity_id>/edit/", edit_views.activity_edit, name="activity-edit"),
    path(
        "activities/<int:activity_id>/delete/",
        edit_views.activity_delete,
        name="activity-delete",
    ),
    path(
        "activities/<int:activity_id>/move/<direction:direction>/",
        edit_views.activity_move,
        name="activity-move",
    ),
    path(
        "activities/<int:activity_id>/status/",
        edit_views.activity_status,
        name="activity-status",
    ),
]
