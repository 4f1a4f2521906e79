from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("orientir.accounts.urls")),
    path("imports/", include("orientir.imports.urls")),
    path("p/", include("orientir.publication.urls")),
    path("notifications/", include("orientir.notifications.urls")),
    path("", include("orientir.dashboards.urls")),
    path("", include("orientir.plans.urls")),
    path("", include("orientir.execution.urls")),
    path("", include("orientir.results.urls")),
    path("", include("orientir.identification.urls")),
    path("", include("orientir.effect.urls")),
    path("", include("orientir.reports.urls")),
    path("", include("orientir.web.urls")),
]

# Russian error pages in the site's layout (orientir/web/errors.py).
handler400 = "orientir.web.errors.bad_request"
handler403 = "orientir.web.errors.permission_denied"
handler404 = "orientir.web.errors.page_not_found"
handler500 = "orientir.web.errors.server_error"
