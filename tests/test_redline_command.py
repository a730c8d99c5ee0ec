import io
import json

import pytest
from django.core.management import CommandError, call_command

from resolutions.models import ClauseVersion


def redline(*args: str) -> str:
    out = io.StringIO()
    call_command("redline", *args, stdout=out)
    return out.getvalue()


def test_it_prints_every_clause_with_its_itu_status(bundled):
    output = redline("102", "2010", "2014")
    assert output.startswith("Resolution 102: Rev. Guadalajara, 2010 → Rev. Busan, 2014")
    assert "MOD noting a)\n    the decision to convene the [-fourth-]{+fifth+} World" in output
    # Labels are marked as the page marks them: an added clause's label is
    # inserted, a deleted one's deleted.
    assert "SUP noting [-b)-]" in output
    assert "NOC noting [-c-]{+b+}) (relettered)" in output
    assert "ADD recalling {+a)+}" in output
    assert output.count("\nSUP ") == 3


def test_its_operations_give_back_both_editions_exactly(bundled):
    rows = json.loads(redline("102", "2010", "2014", "--format", "json"))
    texts = {
        (year, path): text
        for year, path, text in ClauseVersion.objects.values_list("edition__year", "path", "text")
    }
    assert len(rows) == len({path for year, path in texts if year == 2014}) + 3
    for row in rows:
        if row["old_path"]:
            assert "".join(op["old"] for op in row["ops"]) == texts[2010, row["old_path"]]
        if row["new_path"]:
            assert "".join(op["new"] for op in row["ops"]) == texts[2014, row["new_path"]]


@pytest.mark.parametrize("path", ["noting-b", "noting/b", "instructs-the-council-1"])
def test_one_clause_by_anchor_or_path(bundled, path):
    output = redline("102", "2010", "2014", "--clause", path)
    assert output.count("\n    ") == 1 or output.count("\n    ") == 2


def test_every_clause_of_resolution_102_can_be_printed_alone(bundled):
    paths = set(ClauseVersion.objects.values_list("path", flat=True))
    for path in paths:
        assert redline("102", "2010", "2014", "--clause", path).strip()


def test_a_renumbered_clause_is_called_renumbered_as_on_the_page(bundled):
    output = redline("102", "2010", "2014")
    renumbered = [line for line in output.splitlines() if line.endswith("(renumbered)")]
    assert renumbered
    assert all("relettered" not in line for line in renumbered)
    assert "relettered" in output


def test_json_carries_the_operations(bundled):
    rows = json.loads(redline("102", "2010", "2014", "--clause", "noting-a", "--format", "json"))
    (row,) = rows
    assert row["status"] == "MOD"
    assert {"tag": "delete", "old": "fourth", "new": ""} in row["ops"]
    assert {"tag": "insert", "old": "", "new": "fifth"} in row["ops"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("103", "2010", "2014"), "no PP Resolution 103"),
        (("102", "2010", "2018"), "no edition of 2018"),
        (("102", "2010", "2014", "--clause", "noting-z"), "noting-z"),
    ],
)
def test_unknown_things_are_clear_errors(bundled, args, message):
    with pytest.raises(CommandError, match=message):
        redline(*args)
