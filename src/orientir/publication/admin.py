from django.contrib import admin

from orientir.publication.models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["plan", "slug", "is_published", "published_at"]
    list_filter = ["is_published"]
    raw_id_fields = ["plan"]
    readonly_fields = ["slug", "published_at", "published_by"]
