"""The public URLs are a contract: once published they never change.

Every page that shows text has a JSON twin at its address with ".json" in
place of the trailing slash, and answers JSON itself to `Accept:
application/json` (views_api.negotiated). Downloads end in their format
(".txt", ".docx"). None of these end in a slash, so they never meet the
page patterns, which all do.
"""

from django.urls import path, re_path, register_converter

from resolutions import views, views_api, views_citations, views_search
from resolutions.views_api import negotiated


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
    path("", negotiated(views.index, views_api.index_json), name="index"),
    path("cite/", views_citations.cite, name="cite"),
    path("link/", views_citations.link, name="link"),
    # Other spellings reach the same views, which answer with a 301.
    re_path(r"^[cC][iI][tT][eE]/$", views_citations.cite),
    re_path(r"^[lL][iI][nN][kK]/$", views_citations.link),
    path(
        "<body:body>/<int:number>/",
        negotiated(views.resolution_detail, views_api.resolution_json),
        name="resolution",
    ),
    path("search/", views_search.search_page, name="search"),
    path("<body:body>/<int:number>/latest/", views.latest, name="latest"),
    path("<body:body>/<int:number>/latest/<path:clause_path>/", views.latest, name="latest-clause"),
    path("<body:body>/<int:number>/compare/", views.compare_picker, name="compare-picker"),
    path(
        "<body:body>/<int:number>/compare/<year:old_year>/<year:new_year>/",
        negotiated(views.compare, views_api.compare_json),
        name="compare",
    ),
    path(
        "<body:body>/<int:number>/<year:year>/",
        negotiated(views.edition_detail, views_api.edition_json),
        name="edition",
    ),
    path(
        "<body:body>/<int:number>/<year:year>/<path:clause_path>/",
        negotiated(views.clause_detail, views_api.clause_json),
        name="clause",
    ),
    # The API's JSON and the downloads.
    path("index.json", views_api.index_json, name="index-json"),
    path("<body:body>/<int:number>.json", views_api.resolution_json, name="resolution-json"),
    path("<body:body>/<int:number>/<year:year>.json", views_api.edition_json, name="edition-json"),
    path("<body:body>/<int:number>/<year:year>.txt", views_api.edition_text_download, name="edition-text"),
    path("<body:body>/<int:number>/<year:year>.docx", views_api.edition_docx_download, name="edition-docx"),
    path(
        "<body:body>/<int:number>/<year:year>/<path:clause_path>.json",
        views_api.clause_json,
        name="clause-json",
    ),
    path(
        "<body:body>/<int:number>/compare/<year:old_year>/<year:new_year>.json",
        views_api.compare_json,
        name="compare-json",
    ),
    path(
        "<body:body>/<int:number>/compare/<year:old_year>/<year:new_year>.docx",
        views_api.compare_docx_download,
        name="compare-docx",
    ),
]
