from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def repair_search_index(sender, using: str, verbosity: int = 1, **kwargs) -> None:
    """A migration that remade the clause versions table on SQLite dropped the
    search index's triggers with it: put them back (search_index.repair)."""
    from resolutions import search_index

    missing = search_index.repair(connections[using])
    if missing and verbosity:
        print(f"Search index: recreated {', '.join(missing)} and rebuilt the index.")


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "ITU resolutions"

    def ready(self) -> None:
        post_migrate.connect(repair_search_index, sender=self, dispatch_uid="resolutions-repair-search-index")
