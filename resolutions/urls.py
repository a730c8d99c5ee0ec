"""The public URLs are a contract: once published they never change."""

from django.urls import path, register_converter

from resolutions import views, views_search


class BodyConverter:
    # Any case, so that /PP/102/ can be answered with a 301 to /pp/102/.
    regex = "[A-Za-z]{2,4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(BodyConverter, "body")
register_converter(YearConverter, "year")

app_name = "resolutions"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views_search.search_page, name="search"),
    path("<body:body>/<int:number>/", views.resolution_detail, name="resolution"),
    path("<body:body>/<int:number>/latest/", views.latest, name="latest"),
    path("<body:body>/<int:number>/latest/<path:clause_path>/", views.latest, name="latest-clause"),
    path("<body:body>/<int:number>/compare/", views.compare_picker, name="compare-picker"),
    path(
        "<body:body>/<int:number>/compare/<year:old_year>/<year:new_year>/",
        views.compare,
        name="compare",
    ),
    path("<body:body>/<int:number>/<year:year>/", views.edition_detail, name="edition"),
    path("<body:body>/<int:number>/<year:year>/<path:clause_path>/", views.clause_detail, name="clause"),
]
