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
    path("", include("orientir.web.urls")),
]
