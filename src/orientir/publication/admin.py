"""Publications in the admin, to look up: a plan is published and withdrawn on its page."""

from django.contrib import admin

from orientir.audit.admin_base import ReadOnlyAdmin
from orientir.publication.models import Publication


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["plan", "slug", "is_published", "published_at"]
    list_filter = ["is_published"]
    raw_id_fields = ["plan"]
    readonly_fields = ["slug", "published_at", "published_by"]
