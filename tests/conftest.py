from pathlib import Path

import pytest

from tests.support.bundled import import_bundled_editions

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test against a file as production does, not Django's
    default in-memory database: only a file has WAL and lets threads (the
    concurrent-publish tests, the live server) each open a connection of
    their own."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and not database.get("TEST", {}).get("NAME"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache: the database is rolled
    back between tests, the cache (local memory) is not."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def bundled(db):
    """Resolution 102 in its 2010 and 2014 editions, stored as `make run`
    stores them, less the records of their files (see tests.support.bundled)."""
    import_bundled_editions()


@pytest.fixture
def uploads(settings, tmp_path) -> Path:
    """Uploaded files go to a directory of the test's own (and the live
    server's: settings are shared with its thread)."""
    location = tmp_path / "uploads"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location
