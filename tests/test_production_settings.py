"""The production configuration, read from the environment: which databases
and caches are accepted, the HTTPS settings, and `check --deploy` with the
README's production variables."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import (
    LOCAL_CACHE_BYTES,
    SQLITE_OPTIONS,
    cache_from_url,
    database_from_url,
    proxy_ssl_header,
)
from resolutions.local_cache import BoundedLocMemCache
from tests.support.servers import ROOT, production_env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


# ---------------------------------------------------------------- DATABASE_URL


def test_a_sqlite_url_names_a_file_anywhere_with_the_default_files_options(tmp_path):
    database = database_from_url(f"sqlite:///{tmp_path}/data/site.sqlite3")
    assert str(database["NAME"]) == f"{tmp_path}/data/site.sqlite3"
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"] == database_from_url("")["OPTIONS"] == SQLITE_OPTIONS
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE" and SQLITE_OPTIONS["timeout"] == 20
    assert "journal_mode=WAL" in SQLITE_OPTIONS["init_command"]


def test_sqlite_connections_are_kept_between_requests_like_postgresqls(tmp_path):
    for database in (database_from_url(""), database_from_url(f"sqlite:///{tmp_path}/site.sqlite3")):
        assert database["CONN_MAX_AGE"] == 60 and database["CONN_HEALTH_CHECKS"] is True


def test_a_relative_sqlite_path_is_read_from_the_project_directory():
    assert database_from_url("sqlite:///var/site.sqlite3")["NAME"] == ROOT / "var" / "site.sqlite3"


def test_a_postgres_url_selects_postgresql_with_persistent_checked_connections():
    database = database_from_url("postgres://app:secret@db.internal:5433/resolutions")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5433, "resolutions")
    assert database["CONN_MAX_AGE"] == 60 and database["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    "url", ["mysql://app:secret@db/resolutions", "oracle://app:secret@db/x", "db.sqlite3", "postgis://a@b/c"]
)
def test_any_other_database_is_refused_with_a_message_that_keeps_the_password_out(url):
    with pytest.raises(
        ImproperlyConfigured, match="DATABASE_URL must be a sqlite:/// or postgres:// URL"
    ) as caught:
        database_from_url(url)
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite://:memory:", "sqlite:///:memory:"])
def test_an_in_memory_sqlite_database_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="needs a file"):
        database_from_url(url)


def test_the_site_starts_on_a_sqlite_url_and_the_file_is_in_wal_mode(tmp_path):
    path = tmp_path / "volume" / "site.sqlite3"
    path.parent.mkdir()
    env = production_env(DATABASE_URL=f"sqlite:///{path}")
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    loaded = manage("load_bundled_editions", env=env)
    assert loaded.returncode == 0, loaded.stderr
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT count(*) FROM resolutions_edition").fetchone() == (2,)


def test_the_site_refuses_to_start_on_another_database_and_says_why():
    result = manage("check", env=production_env(DATABASE_URL="mysql://app:secret@127.0.0.1/resolutions"))
    assert result.returncode != 0
    assert "DATABASE_URL must be a sqlite:/// or postgres:// URL, not mysql://" in result.stderr
    assert "secret" not in result.stderr


# ---------------------------------------------------------------- CACHE_URL


def test_without_a_cache_url_each_process_keeps_its_own_memory_cache_bounded_in_bytes():
    cache = cache_from_url("", key_prefix="r")
    assert cache["BACKEND"] == "resolutions.local_cache.BoundedLocMemCache"
    assert cache["OPTIONS"]["MAX_BYTES"] == LOCAL_CACHE_BYTES <= 32 * 2**20


def bounded_cache(name: str, max_bytes: int) -> BoundedLocMemCache:
    return BoundedLocMemCache(name, {"OPTIONS": {"MAX_BYTES": max_bytes, "MAX_ENTRIES": 1000}})


def test_the_memory_cache_lets_the_least_recently_used_pages_go_beyond_its_bytes():
    cache = bounded_cache("bounded-lru", 10_000)
    cache.set("a", b"x" * 4000)
    cache.set("b", b"x" * 4000)
    cache.get("a")
    cache.set("c", b"x" * 4000)
    assert cache.get("a") is not None
    assert cache.get("b") is None
    assert cache.get("c") is not None
    assert sum(map(len, cache._cache.values())) <= 10_000


def test_the_memory_cache_keeps_no_value_larger_than_its_bound_and_keeps_the_rest():
    cache = bounded_cache("bounded-large", 10_000)
    cache.set("small", b"x" * 100)
    cache.set("huge", b"x" * 20_000)
    assert cache.get("huge") is None
    assert cache.get("small") == b"x" * 100


def test_the_memory_cache_counts_a_replaced_value_once():
    cache = bounded_cache("bounded-replace", 10_000)
    cache.set("other", b"x" * 4000)
    for _ in range(5):
        cache.set("page", b"x" * 4000)
    assert cache.get("other") is not None


def test_a_redis_url_selects_djangos_own_redis_cache_with_short_timeouts():
    cache = cache_from_url("redis://cache.internal:6379/2", key_prefix="site-a")
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert cache["KEY_PREFIX"] == "site-a"
    assert cache["OPTIONS"]["socket_timeout"] <= 1


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "file:///tmp/cache", "127.0.0.1:6379"])
def test_any_other_cache_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must be a redis://"):
        cache_from_url(url, key_prefix="r")


# ---------------------------------------------------------------- HTTPS


def test_no_proxy_header_is_trusted_unless_one_is_named():
    assert proxy_ssl_header("") is None
    assert proxy_ssl_header("X-Forwarded-Proto") == ("HTTP_X_FORWARDED_PROTO", "https")


def test_check_deploy_finds_nothing_with_the_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_would_see_hsts_turned_off():
    result = manage("check", "--deploy", env=production_env(DJANGO_SECURE_HSTS_SECONDS="0"))
    assert "security.W004" in result.stdout + result.stderr


def test_a_short_or_development_secret_key_is_refused_in_production():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off." in result.stderr


@pytest.mark.parametrize("value", ["ten", "-1", "１０"])
def test_a_number_setting_must_be_a_whole_number(value):
    result = manage("check", env=production_env(DJANGO_SECURE_HSTS_SECONDS=value))
    assert result.returncode != 0
    assert "DJANGO_SECURE_HSTS_SECONDS must be a whole number" in result.stderr
