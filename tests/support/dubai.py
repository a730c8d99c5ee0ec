"""An invented revision of Resolution 102, "Rev. Dubai, 2018", written as a
wdiff redline ([-deleted-]{+inserted+}) over the bundled Busan 2014 text, so
that tests can build a tracked-changes .docx whose base is the 2014 edition
already on the site (tests.support.builders.tracked_docx_from_redline).

What changed, so that tests know what to look for:
- the resolution line and the preamble: Busan, 2014 -> Dubai, 2018;
- a few words: "in this regards" -> "in this regard", "report annually"
  -> "report every year", "2018 plenipotentiary" -> "2022 plenipotentiary";
- recalling a) deleted, b) and c) relettered a) and b);
- instructs the Council 4 added;
- deeply concerned b) reworded (an uncertain match, under 80 %);
- noting e) rewritten beyond recognition (the alignment calls it a deletion
  and an addition; the admin's review matches it to the old noting e)).
"""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

OLD_NOTING_E = (
    "that CWG-Internet shall include in its work all relevant decisions of this conference and all "
    "other resolutions relevant to the work of the group as stated in Council Resolution 1305 and the "
    "annex thereto"
)
NEW_NOTING_E = (
    "the outcomes of the open consultations held since 2015, which CWG-Internet is to take into "
    "account when it reports to each session"
)
ADDED_CLAUSE = "to review the implementation of this resolution at each of its sessions,"

EDITS = [
    ("(Rev. Busan,2014)", "(Rev. [-Busan,2014-]{+Dubai, 2018+})"),
    (
        "Telecommunication Union (Busan,\u00a02014),",
        "Telecommunication Union ([-Busan,\u00a02014-]{+Dubai, 2018+}),",
    ),
    ("in this regards", "in this [-regards-]{+regard+}"),
    ("6\tto report annually to the Council", "6\tto report [-annually-]{+every year+} to the Council"),
    ("to the 2018 plenipotentiary conference", "to the [-2018-]{+2022+} plenipotentiary conference"),
    (
        "a)\tOpinion 6 (Geneva, 2013) of WTPF on Supporting operationalizing the enhanced cooperation process,\n",
        "[-a)\tOpinion 6 (Geneva, 2013) of WTPF on Supporting operationalizing the enhanced cooperation process,\n-]",
    ),
    ("b) \tITU-T study group 3", "[-b)-]{+a)+} \tITU-T study group 3"),
    ("c) \tITU-D study group 1", "[-c)-]{+b)+} \tITU-D study group 1"),
    (
        "b)\tabout the lack of international Internet-related public policy, in particular those related "
        "to protection of privacy and personal information and data;",
        "b)\tabout the [-lack of international Internet-related public policy, in particular those related "
        "to-]{+absence of rules on the+} protection of privacy and personal [-information and-] data;",
    ),
    (f"e)\t{OLD_NOTING_E},", f"e)\t[-{OLD_NOTING_E}-]{{+{NEW_NOTING_E}+}},"),
    (
        "objectives of this resolution, including proposals for further consideration as appropriate, \n",
        "objectives of this resolution, including proposals for further consideration as appropriate, \n"
        f"{{+4\t{ADDED_CLAUSE}\n+}}",
    ),
]


def dubai_redline() -> str:
    text = (FIXTURES / "pp-102-2014.txt").read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, f"the 2014 text should hold {old!r} exactly once"
        text = text.replace(old, new)
    return text


def stale_preamble_redline() -> str:
    """The Dubai revision with its preamble left as it was: "(Rev. Dubai,
    2018)" in the resolution line over "(Busan, 2014)" in the preamble, the
    mistake consistency warnings are for."""
    text = dubai_redline()
    changed = "Telecommunication Union ([-Busan,\u00a02014-]{+Dubai, 2018+}),"
    assert text.count(changed) == 1
    return text.replace(changed, "Telecommunication Union (Busan,\u00a02014),")
