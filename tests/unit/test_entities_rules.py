"""Rule families added for organisation names, company contexts, initials and surnames."""

from __future__ import annotations

from index.entities.extract import extract


def typed(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in extract(text)}


def test_longest_org_wins_over_contained_place() -> None:
    got = typed("He is an economist at the Commonwealth Bank of Australia in Sydney.")
    assert ("Commonwealth Bank of Australia", "ORG") in got
    assert ("Australia", "PLACE") not in got
    got = typed("Gazprom signed with the China National Petroleum Corporation on Monday.")
    assert ("China National Petroleum Corporation", "ORG") in got
    assert ("China", "PLACE") not in got


def test_org_names_with_on_and_plural_possessive() -> None:
    got = typed("Analysts at the Washington Office on Latin America said so.")
    assert ("Washington Office on Latin America", "ORG") in got
    got = typed("He spoke of the Kurdistan Workers' Party and the Foreign Relations Committee.")
    assert ("Kurdistan Workers' Party", "ORG") in got
    assert ("Foreign Relations Committee", "ORG") in got


def test_company_context_makes_an_org() -> None:
    got = typed("Traffic was spotted by monitoring firm Netcraft. Later Netcraft said it was fine.")
    assert ("Netcraft", "ORG") in got
    assert ("Netcraft", "PERSON") not in got


def test_short_form_of_an_org_named_earlier() -> None:
    got = typed("The Reserve Bank of Australia raised rates. The Bank said inflation was high.")
    assert ("Bank", "ORG") in got


def test_initials_and_surnames_that_are_places_or_groups() -> None:
    got = typed("India's External Affairs Minister S. Jaishankar spoke. Ms Essex said no.")
    assert ("S. Jaishankar", "PERSON") in got
    assert ("Essex", "PERSON") in got
    got = typed("Finance Minister Sue Essex met Mike German on Monday.")
    assert ("Sue Essex", "PERSON") in got
    assert ("Mike German", "PERSON") in got


def test_dateline_in_capitals_and_parties() -> None:
    got = typed("ANKARA (AFP) - The Tories and Republicans disagreed.")
    assert ("ANKARA", "PLACE") in got
    assert ("Tories", "ORG") in got
    assert ("Republicans", "ORG") in got


def test_no_leading_the_in_gazetteer_names() -> None:
    assert ("Guardian", "ORG") in typed("He wrote in The Guardian on Monday.")


def test_organisations_from_their_context_people_from_theirs() -> None:
    """An organisation shaped like a person, a person shaped like an organisation."""
    from index.entities.extract import extract

    def typed(text: str) -> set[tuple[str, str]]:
        return {(m.text, m.type) for m in extract(text)}

    assert ("Zentiva", "ORG") in typed("Zentiva said in a statement that profits rose.")
    assert ("Kofi Annan", "PERSON") in typed("Kofi Annan said in a statement he was sad.")
    assert ("Stock Exchange", "ORG") in typed("Fans protested outside the Stock Exchange.")
    assert not {t for t, ty in typed("Glazer owns the Tampa Bay Buccaneers.") if ty == "PERSON"} - {
        "Glazer"
    }
    assert typed("Microsoft released Windows XP today.") == {("Microsoft", "ORG")}
    people = typed("Blairite Alan Milburn said he would return. Mr Milburn spoke in London.")
    assert ("Alan Milburn", "PERSON") in people and (
        "Blairite Alan Milburn",
        "PERSON",
    ) not in people
    # a name without evidence is left out rather than mistyped; with it, a person
    assert typed("The film starred Bruno Ganz as the leader. Ganz said the role was hard.") >= {
        ("Bruno Ganz", "PERSON")
    }
    assert ("Edmundo Gonzalez", "PERSON") in typed(
        "Her ally Edmundo Gonzalez, who claims to have won, spoke."
    )


def test_sides_of_a_result_are_teams_in_a_sports_report() -> None:
    from index.entities.extract import extract

    text = (
        "Morpeth beat Blyth 2-1 in the league on Saturday. The striker scored twice as Alnwick "
        "drew with Ashington. The coach said the penalty was fair after their win over Seaham."
    )
    got = {(m.text, m.type) for m in extract(text)}
    assert {("Morpeth", "ORG"), ("Blyth", "ORG"), ("Ashington", "ORG"), ("Seaham", "ORG")} <= got
    # outside a sports report the same words are no teams
    assert ("Morpeth", "ORG") not in {(m.text, m.type) for m in extract("Morpeth beat the odds.")}


def test_a_company_and_its_region_are_one_name() -> None:
    from index.entities.extract import extract

    got = {(m.text, m.type) for m in extract("Bertelsmann bought a stake in AOL Europe.")}
    assert ("AOL Europe", "ORG") in got and ("Europe", "PLACE") not in got
    got = {(m.text, m.type) for m in extract("Microsoft's Europe unit grew.")}
    assert ("Europe", "PLACE") in got  # a possessive: the place, not a unit's name
    got = {(m.text, m.type) for m in extract("The Monetary Policy Committee met.")}
    assert got == {("Monetary Policy Committee", "ORG")}


def test_names_joined_by_an_ampersand_are_one_organisation() -> None:
    got = typed("Shares in Procter & Gamble rose, and Marks & Spencer said sales fell.")
    assert {("Procter & Gamble", "ORG"), ("Marks & Spencer", "ORG")} <= got
    assert ("Procter", "PLACE") not in got
    got = typed("In Marks & Spencer shops, sales fell. Ant & Dec won two awards.")
    assert {("Marks & Spencer", "ORG"), ("Ant & Dec", "ORG")} <= got
    got = typed("The show starred Matt Lucas & David Walliams.")  # two people, not a firm
    assert {("Matt Lucas", "PERSON"), ("David Walliams", "PERSON")} <= got


def test_a_person_whose_surname_is_an_organisation_word() -> None:
    got = typed("Jim Press, head of Toyota in the US, said sales rose.")
    assert ("Jim Press", "PERSON") in got
    assert ("Oxford University Press", "ORG") in typed("Oxford University Press said so.")


def test_athletes_in_results_and_rivalries_are_people() -> None:
    sport = " The athletics season, the championship and the coach."
    got = typed("Jade Johnson edged out rival Kelly Sotherton in the long jump." + sport)
    assert {("Jade Johnson", "PERSON"), ("Kelly Sotherton", "PERSON")} <= got
    got = typed("Britain's former champion Dwain Chambers is serving a ban." + sport)
    assert ("Dwain Chambers", "PERSON") in got
    got = typed("Morpeth beat Blyth 2-1 in the league. The striker scored two goals in the match.")
    assert {("Morpeth", "ORG"), ("Blyth", "ORG")} <= got  # clubs still


def test_the_words_of_a_companys_figures_are_no_name() -> None:
    for text in ("Pre-tax profits rose 15% to 546m.", "Net profit came in at 1.4bn euros.",
                 "Quarterly sales fell 3%."):  # fmt: skip
        assert not {t for t, ty in typed(text) if ty == "ORG"}, text
    assert ("Novartis", "ORG") in typed("Novartis profits rose.")


def test_a_club_named_by_a_common_word_in_a_sports_report() -> None:
    report = (
        "Michael Owen scored for Real Madrid in the league match. Victory took Real to within "
        "six points. The striker has nine league goals. Real had lost twice."
    )
    got = typed(report)
    assert ("Real", "ORG") in got
    alone = "Victory took Real to the top. The striker scored goals in the league match."
    assert [m.text for m in extract(alone) if m.type == "ORG"] == ["Real"]
    assert not typed("It was a real shock. Real estate prices rose in the real economy.")
