"""Rules of the second round of issue 10: surnames that are titles, short forms of places,
and the cues found on freshly annotated BBC articles. Positive and negative cases each."""

from __future__ import annotations

from index.entities.extract import extract


def typed(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in extract(text)}


def test_a_title_word_as_a_surname() -> None:
    got = typed("Prices rose, said Mervyn King. John Major agreed, and so did Mr King.")
    assert {("Mervyn King", "PERSON"), ("John Major", "PERSON"), ("King", "PERSON")} <= got
    assert [m.entity for m in extract("Mervyn King spoke. Rates, King said, would stay.")] == [
        "Mervyn King",
        "Mervyn King",
    ]
    # but a title before a name is still a title, and "the King" alone is nobody
    got = typed("King Juan Carlos met the King of Jordan. The King said so.")
    assert ("Juan Carlos", "PERSON") in got
    assert not any(t == "King" for t, _ in got)
    assert ("Ian Paisley", "PERSON") in typed("He met the Rev Ian Paisley today.")


def test_headline_short_forms_of_countries() -> None:
    got = typed("S Korea backs new deal with N Korea on aid.")
    assert got == {("S Korea", "PLACE"), ("N Korea", "PLACE")}
    assert ("S Africa", "PLACE") in typed("Exports from S Africa rose.")
    # initials of players are not places
    assert ("S Jones", "PERSON") in typed("Wales: G Thomas, S Jones, M Williams, D Peel, S Jones.")
