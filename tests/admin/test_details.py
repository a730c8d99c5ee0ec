"""Correcting the edition's details as detected."""

from __future__ import annotations

from resolutions.models import Edition
from tests.support.admin import Client_for, messages_of, new_index, page, publish, rematch


def test_the_details_can_be_corrected_and_survive_a_reload(client, dubai):
    response = client.post(
        dubai.get_absolute_url(),
        {
            "action": "details",
            "body": "pp",
            "number": 102,
            "city": "Dubai (UAE)",
            "year": 2018,
            "provenance": "Final Acts",
        },
    )
    assert response.status_code == 302
    dubai.refresh_from_db()
    assert (dubai.city, dubai.provenance) == ("Dubai (UAE)", "Final Acts")
    publish(Client_for(dubai), dubai)
    edition = Edition.objects.get(year=2018)
    assert edition.city == "Dubai (UAE)"
    assert edition.provenance == "Final Acts"


def test_corrections_are_reset_when_the_details_change_what_is_matched_against(client, dubai):
    rematch(client, dubai, new_index(dubai, "6", "to report every year"), "new")
    response = client.post(
        dubai.get_absolute_url(),
        {"action": "details", "body": "pp", "number": 999, "city": "Dubai", "year": 2018},
    )
    assert any("your corrections were reset" in m for m in messages_of(response))
    dubai.refresh_from_db()
    assert (dubai.number, dubai.forced) == (999, {})
    # Resolution 999 has no stored edition: the file's own base text is the one matched against.
    assert "Resolution 999 (Rev. Busan,2014), the base text in this file" in page(
        client.get(dubai.get_absolute_url())
    )


def test_invalid_details_are_shown_and_not_saved(client, dubai):
    response = client.post(
        dubai.get_absolute_url(), {"action": "details", "body": "pp", "number": 102, "city": "", "year": 18}
    )
    assert response.status_code == 200
    assert "Please correct the details below" in page(response)
    dubai.refresh_from_db()
    assert (dubai.city, dubai.year) == ("Dubai", 2018)
