"""How changes are marked is asked only of the formats that carry marks:
the page's script shows the question for Word and HTML files, the form says
so without it, and the server never applies it to plain text."""

from __future__ import annotations

import pytest

from resolutions.models import Draft
from resolutions.parsing import RevisionMarks, parse_text
from tests.support.admin import UPLOAD, fixture, only_2010, page, upload
from tests.support.builders import docx_from_edition


@pytest.mark.django_db
def test_the_form_says_the_question_is_only_for_word_and_html_files(client):
    html = page(client.get(UPLOAD))
    assert "Only for Word and HTML files" in html
    assert "this answer is ignored" in html
    assert 'data-marked-suffixes=".docx .html .htm"' in html
    assert 'data-file-input="id_file"' in html
    assert "js/admin-upload" in html


@pytest.mark.django_db
def test_a_plain_text_file_never_uses_the_marks_answer(client):
    only_2010(None)
    response = upload(client, fixture("pp-102-2014.txt"), "pp-102-2014.txt", marks="formatting")
    assert response.status_code == 302
    assert Draft.objects.get().marks == RevisionMarks.TRACKED


@pytest.mark.django_db
def test_a_word_file_keeps_the_marks_answer(client):
    only_2010(None)
    data = docx_from_edition(parse_text(fixture("pp-102-2014.txt")))
    response = upload(client, data, "busan.docx", marks="formatting")
    assert response.status_code == 302
    assert Draft.objects.get().marks == RevisionMarks.FORMATTING
