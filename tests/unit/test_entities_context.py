"""The lazy tokenizer, sports articles, titles of events, newspapers, appositions, acronyms."""

from __future__ import annotations

from index.entities.extract import extract
from index.entities.sport import is_sport, lineup_spans
from index.entities.tokens import Tokens, tokenize

FOOTBALL = "The striker scored two goals in the league match and the manager praised the squad. "


def typed(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in extract(text)}


def test_tokens_keep_offsets_possessives_and_sentence_starts() -> None:
    text = "Mr. Smith met S. Jaishankar in the U.S. on Monday.\nThe Workers' Party’s man spoke."
    toks, lower = tokenize(text)
    words = toks.words
    assert words[:2] == ["Mr", "Smith"]
    assert toks[0].key == "Mr." and toks[0].end == 3  # the period belongs to the abbreviation
    assert not toks[1].sent  # "Mr." does not end a sentence
    s = words.index("S")
    assert not toks[s + 1].sent  # nor does an initial
    us = words.index("U.S.")
    assert text[toks[us].start : toks[us].end] == "U.S."
    workers = words.index("Workers")
    assert toks[workers].poss and not toks[workers].brk  # "Workers' Party"
    party = toks[workers + 1]
    assert party.key == "Party's" and party.norm == "Party" and party.poss  # typographic ’
    assert toks[words.index("The")].sent  # a new line starts a sentence
    assert "met" in lower


def test_tokens_cut_lower_case_heads_and_tails_of_names() -> None:
    text = "An anti-China rally by the Geneva-based group."
    toks = Tokens(text)
    china = toks[toks.words.index("anti-China")]
    assert text[china.start : china.start + len(china.norm)] == "China"
    geneva = toks[toks.words.index("Geneva-based")]
    assert geneva.norm == "Geneva" and geneva.brk
    assert ("Geneva", "PLACE") in typed(text)
    assert ("San Francisco", "PLACE") in typed("The San Francisco-based Balco laboratory.")


def test_tokens_are_built_only_when_asked() -> None:
    toks = Tokens("the cat sat on the mat while Blair slept")
    assert toks.caps == [toks.words.index("Blair")]
    assert len(toks) <= 1  # only the capitalised word was built
    assert toks[2].key == "sat" and len(toks) == 2


def test_sport_towns_are_clubs_unless_the_place_is_meant() -> None:
    text = FOOTBALL + "Norwich boss Nigel Worthington saw Liverpool lose. He lives in Liverpool."
    got = [(m.text, m.type) for m in extract(text)]
    assert ("Norwich", "ORG") in got
    assert got.count(("Liverpool", "ORG")) == 1
    assert got.count(("Liverpool", "PLACE")) == 1  # "in Liverpool"
    assert ("Liverpool", "PLACE") in typed("Shares rose in Liverpool, where Liverpool firms grew.")
    assert ("Leeds", "PLACE") in typed(FOOTBALL + "The Leeds-born striker signed.")


def test_sport_nicknames_roles_and_lineups() -> None:
    text = FOOTBALL + "Saints were beaten. Veracruz boss Gustavo Sanchez spoke."
    got = typed(text)
    assert ("Saints", "ORG") in got and ("Veracruz", "ORG") in got
    assert ("Saints", "ORG") not in typed("Saints were beaten, the priest said.")
    lineup = (
        "Man City: James, Mills (Bradley Wright-Phillips 83), Dunne, Distin, Fowler. "
        "Subs Not Used: Weaver, Onuoha. Booked: Fowler."
    )
    got = typed(FOOTBALL + lineup)
    for name in ("Mills", "Dunne", "Onuoha", "Bradley Wright-Phillips", "Weaver"):
        assert (name, "PERSON") in got
    assert ("Man City", "ORG") in got
    assert lineup_spans("Booked: Fowler, Sibierski.")
    assert not is_sport({"shares", "profits", "bank"})


def test_names_inside_event_titles_and_currencies() -> None:
    got = typed("It won at the British Comedy Awards and the MTV Europe Music Awards.")
    assert not {("British", "GROUP"), ("MTV", "ORG"), ("Europe", "PLACE")} & got
    assert ("Sydney", "PLACE") in typed("He ran at the Sydney Olympics.")
    assert ("Australian", "GROUP") not in typed("The Australian dollar rose.")
    assert ("Australian", "GROUP") in typed("The Australian minister spoke.")
    assert not any(t == "PERSON" for _, t in typed("It won the Golden Joystick awards."))


def test_newspapers_radio_channels_and_acronyms_in_brackets() -> None:
    got = typed("Griffin told the Independent he would go on BBC Radio 4's Today programme.")
    assert {("Independent", "ORG"), ("BBC Radio 4", "ORG")} <= got
    assert ("Times", "ORG") in typed("He wrote in The Times on Monday.")
    got = typed("Loans came from the African Development Bank (AfDB) and the Mining Board (MiB).")
    assert ("AfDB", "ORG") in got and ("MiB", "ORG") in got


def test_roles_appositions_and_company_kinds() -> None:
    got = typed("Profits rose, said analyst Alex Potter. Spokeswoman Hua Chunying agreed.")
    assert ("Alex Potter", "PERSON") in got
    got = typed("It starred Robert Redford and Barbra Streisand.")
    assert ("Barbra Streisand", "PERSON") in got
    got = typed("It bought Hexal, the German generics maker, last year.")
    assert ("Hexal", "ORG") in got
    got = typed("Birgit Kuhlhoff, from Sal Oppenheim investment bank, said so.")
    assert ("Sal Oppenheim", "ORG") in got
    assert ("Doves", "ORG") in typed("Manchester rock band Doves topped the chart.")


def test_short_form_of_a_name_then_a_place() -> None:
    got = typed("Shares in Inter Milan rose. Later Inter said the deal was done.")
    assert ("Inter", "ORG") in got


def test_broad_lists_cover_clubs_companies_and_parties() -> None:
    got = typed("Lehman Brothers, Sheffield Wednesday, the DUP and Ofcom all said no.")
    assert {("Lehman Brothers", "ORG"), ("Sheffield Wednesday", "ORG")} <= got
    assert {("DUP", "ORG"), ("Ofcom", "ORG")} <= got
    assert ("AGM", "ORG") not in typed("Shareholders met at the AGM in May.")
