import io
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def bundled(db):
    """Resolution 102 in its 2010 and 2014 editions, imported the way
    `make run` imports them."""
    call_command("load_bundled_editions", stdout=io.StringIO())


@pytest.fixture
def fixture_bytes():
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read
