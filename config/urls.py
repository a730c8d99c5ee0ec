from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("resolutions.urls")),
]

handler404 = "resolutions.not_found.page_not_found"

admin.site.site_header = "ITU resolutions · administration"
admin.site.site_title = "ITU resolutions admin"
admin.site.index_title = "Editions, uploads and drafts"
