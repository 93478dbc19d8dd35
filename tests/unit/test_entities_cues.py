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
    assert ("Martin Luther King Jr", "PERSON") in typed("Martin Luther King Jr spoke.")


def test_headline_short_forms_of_countries() -> None:
    got = typed("S Korea backs new deal with N Korea on aid.")
    assert got == {("S Korea", "PLACE"), ("N Korea", "PLACE")}
    assert ("S Africa", "PLACE") in typed("Exports from S Africa rose.")
    # initials of players are not places
    assert ("S Jones", "PERSON") in typed("Wales: G Thomas, S Jones, M Williams, D Peel, S Jones.")


def test_a_town_shown_to_be_a_side_is_the_club_throughout() -> None:
    text = (
        "Linfield boss David Jeffrey was happy after the league match. His side beat Coleraine "
        "3-1, and the striker scored twice. Coleraine fans left early. He lives in Coleraine."
    )
    got = [(m.text, m.type) for m in extract(text)]
    assert got.count(("Coleraine", "ORG")) == 2
    assert got.count(("Coleraine", "PLACE")) == 1  # "in Coleraine": the town
    # a club's full name makes the bare town the club too, without any sports word
    got = [
        (m.text, m.type) for m in extract("Newry City appealed. Newry said the ruling was wrong.")
    ]
    assert ("Newry", "ORG") in got and ("Newry", "PLACE") not in got
    # but a town in athletics or tennis is the place
    text = (
        "The sprinter won the race in Birmingham. The athletics coach said the championship "
        "season starts at the Birmingham Grand Prix, and she moved from Colchester to London."
    )
    assert not any(t == "ORG" for _, t in typed(text))
    assert ("Birmingham", "PLACE") in typed(text)


def test_a_surname_in_a_result_is_the_player_named_in_full() -> None:
    text = (
        "Tim Henman beat Greg Rusedski in the final of the tennis tournament. It was his sixth "
        "win over Rusedski in a match that lasted two hours; the defeat hurt."
    )
    got = [(m.text, m.type, m.entity) for m in extract(text)]
    assert ("Rusedski", "PERSON", "Greg Rusedski") in got
    assert not any(t == "ORG" for _, t, _ in got)
    # an unknown side in a result stays a side
    text = "In the league match Morpeth beat Blyth 2-1; the striker scored in a win over Alnwick."
    assert ("Alnwick", "ORG") in typed(text)


def test_an_acronym_spelled_out_in_lower_case_is_no_name() -> None:
    text = "The use of radio frequency ID (RFID) tags grew. RFID chips are cheap, said DSL firms."
    assert typed(text) == set()
    # spelled out with capitals, it is an organisation
    got = typed("The Office of Fair Trading (OFT) said so. The OFT agreed.")
    assert ("OFT", "ORG") in got and ("Office of Fair Trading", "ORG") in got
    assert ("NHTSA", "ORG") in typed("Regulators at NHTSA said so.")


def test_a_nations_branch_of_a_party_is_one_organisation() -> None:
    got = typed("For the Welsh Liberal Democrats, Kirsty Williams spoke. Scottish Labour agreed.")
    assert {("Welsh Liberal Democrats", "ORG"), ("Scottish Labour", "ORG")} <= got
    assert ("Welsh", "GROUP") not in got
    assert typed("The Welsh fans cheered the Labour win.") == {
        ("Welsh", "GROUP"),
        ("Labour", "ORG"),
    }


def test_a_person_in_apposition_is_not_the_firm_named_after_them() -> None:
    got = typed("Gamers stay, said Lindsay Schroth, an analyst with research firm Yankee Group.")
    assert ("Lindsay Schroth", "PERSON") in got and ("Yankee Group", "ORG") in got
    assert ("Hexal", "ORG") in typed("It bought Hexal, the German generics maker, for cash.")


def test_a_role_before_a_name_beats_a_company_of_that_name() -> None:
    assert ("Brigitte Nielsen", "PERSON") in typed("It stars actress Brigitte Nielsen.")
    assert ("Nielsen", "ORG") in typed("Figures from Nielsen showed a fall.")


def test_a_possessive_name_before_a_hyphenated_word() -> None:
    assert ("Gordon Brown", "PERSON") in typed("Blair backed Gordon Brown's pre-Budget report.")
    assert typed("The Cold War ended.") == set()


def test_company_cues_of_place_and_apposition() -> None:
    got = typed("The bid came from Frankfurt-based Zentrix. Rival bourse Euronext also bid.")
    assert {("Zentrix", "ORG"), ("Euronext", "ORG")} <= got
    # a person in apposition with a role
    got = typed("It was a sweetener, said Anais Faraj, an analyst at Nomura.")
    assert ("Anais Faraj", "PERSON") in got and ("Nomura", "ORG") in got
    assert ("Avery Shenfeld", "PERSON") in typed("said Avery Shenfeld, senior economist at CIBC.")


def test_national_bodies_and_regional_units() -> None:
    got = typed("Athletics Kenya (AK) issued the ban and UK Athletics agreed.")
    assert {("Athletics Kenya", "ORG"), ("UK Athletics", "ORG")} <= got
    assert ("Kenya", "PLACE") not in got
    assert ("Diageo North America", "ORG") in typed(
        "said Diageo North America president Ivan Menezes."
    )
    assert ("North America", "PLACE") in typed("Diageo sells in North America.")


def test_seats_and_programmes_that_are_outlets() -> None:
    got = typed("A Number 10 spokeswoman said no. He told BBC Radio 4's Today programme so.")
    assert {("Number 10", "ORG"), ("Today", "ORG"), ("BBC Radio 4", "ORG")} <= got
    got = typed("Today, he said, world No 1 Federer lost.")
    assert not any(t in ("Today", "No 1", "No") for t, _ in got)


def test_titles_we_do_not_know_are_no_names() -> None:
    got = typed("A Big Brother spokeswoman said so. The hit Little Britain won.")
    assert got == set()
    got = typed("He went to Great Britain and Old Trafford.")
    assert {("Great Britain", "PLACE"), ("Old Trafford", "PLACE")} <= got
    got = typed("It opted out of the European Convention. European leaders met.")
    assert got == {("European", "GROUP")}


def test_people_from_lists_roles_and_appositions() -> None:
    got = typed("Boro have been without Gaizka Mendieta, George Boateng and Mark Viduka.")
    assert ("Gaizka Mendieta", "PERSON") in got
    got = typed("Real lost. He is one behind top scorer Ronaldo. Brazilian youngster Marta won.")
    assert {("Ronaldo", "PERSON"), ("Marta", "PERSON")} <= got
    got = typed("Rhodri Glyn Thomas, Plaid Cymru health spokesman, said so.")
    assert ("Rhodri Glyn Thomas", "PERSON") in got and ("Plaid Cymru", "ORG") in got
    # a list of things stays no person
    assert ("Grand Rapids", "PERSON") not in typed("It sold Grand Rapids, George Street and Kent.")


def test_given_names_and_place_words() -> None:
    got = typed("Retail tycoon Philip Green bid. Men are held at Paddington Green police station.")
    assert {("Philip Green", "PERSON"), ("Paddington Green", "PLACE")} <= got
    assert ("Monte Carlo", "PLACE") in typed("She joined Diaghilev in Monte Carlo at 14.")
    assert ("Warren Buffett", "PERSON") in typed("Shares rose, said investor Warren Buffett.")


def test_a_cue_opening_the_sentence() -> None:
    got = typed("Bookmaker Ladbrokes said it would go on. Analyst Alex Potter agreed.")
    assert {("Ladbrokes", "ORG"), ("Alex Potter", "PERSON")} <= got
    assert ("Bookmaker Ladbrokes", "ORG") not in got
    assert ("Euronext", "ORG") in typed("Rival Euronext is working on a bid.")
    assert ("Tony Blair", "PERSON") in typed("Tony Blair said so.")


def test_a_name_before_a_kind_of_business() -> None:
    got = typed("It sold the Odeon cinema chain, the Pinewood studios and 34 Grosvenor casinos.")
    assert {("Odeon", "ORG"), ("Pinewood", "ORG"), ("Grosvenor", "ORG")} <= got
    got = typed("On 21 October, the George W Bush website began using the service.")
    assert ("George W Bush", "PERSON") in got


def test_a_place_and_its_place_word_are_one_place() -> None:
    got = typed("It sold its Highbury Stadium. He walked down Oxford Street to London Bridge.")
    assert got == {
        ("Highbury Stadium", "PLACE"),
        ("Oxford Street", "PLACE"),
        ("London Bridge", "PLACE"),
    }
    assert ("Wembley Stadium Company", "ORG") in typed("The Wembley Stadium Company said so.")


def test_a_person_opening_a_sentence_with_who_or_an_age() -> None:
    got = typed("He won. Dominik Hrbaty, who had not lost a set, beat him. Hrbaty said so.")
    assert {("Dominik Hrbaty", "PERSON"), ("Hrbaty", "PERSON")} <= got
    assert ("Mark Smith", "PERSON") in typed("It fell. Mark Smith, 45, said so.")
    # a capitalised common word opening a sentence is no company, even before "sales"
    assert typed("People download songs. Download sales rose.") == set()


def test_a_given_name_that_is_a_place_or_club_before_a_surname() -> None:
    got = typed("Portsmouth chairman Milan Mandaric said so. He played for Milan in 2003.")
    assert ("Milan Mandaric", "PERSON") in got
    assert ("Santiago Solari", "PERSON") in typed("He converted a cross from Santiago Solari.")


def test_a_company_named_between_commas_after_its_noun() -> None:
    assert ("Paion", "ORG") in typed("The firm, Paion, said that it hoped to sell shares.")
    assert ("Kelly Sotherton", "PERSON") in typed("Her rival, Kelly Sotherton, said she won.")


def test_titles_of_works_and_olympic_adjectives_are_no_names() -> None:
    got = typed("It opens with comedy Happy Endings, starring Lisa Kudrow, and album Nevermind.")
    assert got == {("Lisa Kudrow", "PERSON")}
    assert typed("Her Olympic squad won the Olympic relay crown.") == set()
    assert ("Steven Spielberg", "PERSON") in typed("Film director Steven Spielberg spoke.")
    assert ("Pearl Harbour", "PLACE") in typed("Its battles include Pearl Harbour.")


def test_a_city_with_its_state_is_a_place() -> None:
    got = typed("Executives decamp from Hollywood to Park City, Utah, for 11 days.")
    assert ("Park City", "PLACE") in got
    assert ("Manchester City", "ORG") in typed("He left Manchester City, and joined Chelsea.")


def test_a_role_opening_a_sentence_is_not_a_paper_of_that_name() -> None:
    got = typed("It rose. Economist Colen Garrow said so. The Economist reported it.")
    assert ("Colen Garrow", "PERSON") in got and ("Economist", "ORG") in got
    assert [m.start for m in extract("It rose. Economist Colen Garrow said so.")] == [19]
    assert ("SBC Communications", "ORG") in typed("SBC Communications agreed to buy it.")


def test_ampersand_names_prefixes_and_names_with_their_own_s() -> None:
    got = typed(
        "S&P said so and AT&T fell. Spending on R&D rose. Shoppers at B&Q and Marks & Spencer."
    )
    assert got == {("S&P", "ORG"), ("AT&T", "ORG"), ("B&Q", "ORG"), ("Marks & Spencer", "ORG")}
    got = typed("Non-EU exports rose. Anti-American feeling grew.")
    assert got == {("EU", "ORG"), ("American", "GROUP")}
    got = typed("Fitch and Moody's upped ratings. Standard & Poor's agreed. Microsoft's rose.")
    assert {("Moody's", "ORG"), ("Standard & Poor's", "ORG"), ("Microsoft", "ORG")} <= got


def test_sport_teams_players_and_post_nominals() -> None:
    got = typed("In the rugby league match, Leicester Tigers beat Sale Sharks, the coach said.")
    assert {("Leicester Tigers", "ORG"), ("Sale Sharks", "ORG")} <= got
    got = typed(
        "In the tennis final, Carlos Moya beat Mardy Fish to win the match in straight sets."
    )
    assert {("Carlos Moya", "PERSON"), ("Mardy Fish", "PERSON")} <= got
    got = typed("The case was filed by the Clinton administration. Guy Mansfield QC warned.")
    assert {("Clinton", "PERSON"), ("Guy Mansfield", "PERSON")} <= got
    got = typed("It is built for the Lawrence Livermore National Laboratory in California.")
    assert ("Lawrence Livermore National Laboratory", "ORG") in got


def test_common_words_opening_a_sentence_and_languages() -> None:
    got = typed("Thames Valley Police said so. Police appealed for help; the police left.")
    assert got == {("Thames Valley Police", "ORG")}
    got = typed(
        "In the rugby league match: Replacement hooker Robin McBryde stays. Neither player won."
    )
    assert got == {("Robin McBryde", "PERSON")}
    got = typed(
        "He told them to speak English at home. The film is in French. The English team won."
    )
    assert got == {("English", "GROUP")}
    got = typed(
        "US research firm Pew Internet & American Life said. Marks & Spencer's Stuart Rose spoke."
    )
    assert {("Pew Internet & American Life", "ORG"), ("Marks & Spencer", "ORG")} <= got
    assert ("Stuart Rose", "PERSON") in got


def test_more_company_cues_and_shared_surnames() -> None:
    got = typed("It acquired 67.7% of Hexal and bought Amey. Big Brother producer Endemol tried.")
    assert {("Hexal", "ORG"), ("Amey", "ORG"), ("Endemol", "ORG")} <= got
    assert ("Simon Fuller", "PERSON") in typed("Film producer Simon Fuller said so.")
    got = typed("US Treasury Under-Secretary John Taylor said no.")
    assert ("John Taylor", "PERSON") in got
    ms = extract("Gary Neville and Phil Neville played. Later, when Neville crossed, it was fine.")
    assert [(m.text, m.entity) for m in ms][-1] == ("Neville", "Phil Neville")


def test_a_place_and_an_unknown_word_are_a_longer_name() -> None:
    got = typed("It owns the Mecca Bingo chain and sells in London and Paris.")
    assert got == {("London", "PLACE"), ("Paris", "PLACE")}
    assert ("Manchester United", "ORG") in typed("Shares in Manchester United rose.")
    assert ("Heathrow Airport", "PLACE") in typed("He flew from Heathrow Airport.")


def test_bill_as_a_name_and_chained_organisation_names() -> None:
    got = typed(
        "Microsoft founder Bill Gates said so. Bill Clinton agreed. The Finance Bill passed."
    )
    assert got == {("Microsoft", "ORG"), ("Bill Gates", "PERSON"), ("Bill Clinton", "PERSON")}
    got = typed("Tony Hunter, of the Association of Directors of Social Services, said so.")
    assert ("Association of Directors of Social Services", "ORG") in got
    got = typed("The Directors Guild of Great Britain named them. The Bank of England agreed.")
    assert {("Directors Guild of Great Britain", "ORG"), ("Bank of England", "ORG")} <= got


def test_fourth_round_cues() -> None:
    got = typed("The Conference Board survey said so. Said Speegle founder Gordon Renton.")
    assert {("Conference Board", "ORG"), ("Speegle", "ORG"), ("Gordon Renton", "PERSON")} <= got
    got = typed("Keane took the Brits by storm. Helen Steel met them at the Roosevelt Hotel.")
    assert ("Brits", "GROUP") not in got
    assert {("Helen Steel", "PERSON"), ("Roosevelt Hotel", "PLACE")} <= got
    got = typed("Olympian Andy Turner won. Paulo Ferreira, usually a right-back, played.")
    assert {("Andy Turner", "PERSON"), ("Paulo Ferreira", "PERSON")} <= got
    assert ("British Steel", "ORG") in typed("Shares in British Steel rose.")


def test_a_club_named_after_its_city() -> None:
    got = typed("In the Uefa Cup match, the striker scored as Boro beat Partizan Belgrade.")
    assert ("Partizan Belgrade", "ORG") in got and ("Belgrade", "PLACE") not in got
    got = typed("Talks on trade went on in Belgrade. Partizan Belgrade is a club.")
    assert ("Belgrade", "PLACE") in got  # not a sports report: the city stays


def test_towns_in_results_lines_and_standings_are_teams() -> None:
    text = (
        "BASEBALL - MAJOR LEAGUE RESULTS.\n\nResults on Friday:\n\nChicago 5 Houston 4\n"
        "Montreal 3 San Diego 2\n\nStandings:\nBolton 2 1 0 1 3 3 3\nEngland 2 1 0 1 3 3 3\n"
        "He lives in Chicago.\n"
    )
    got = [(m.text, m.type) for m in extract(text)]
    for team in ("Chicago", "Houston", "Montreal", "San Diego", "Bolton"):
        assert (team, "ORG") in got, team
    assert ("England", "PLACE") in got  # a national side is its country
    assert got[-1] == ("Chicago", "PLACE")  # outside the table, the city
    # one line of numbers is no table
    assert ("Chicago", "PLACE") in typed("Chicago 5 Houston 4\nA fine day.\n")


def test_players_in_a_scorecard_are_people() -> None:
    text = (
        "In the test match the batsman scored as England bowled. Pakistan 340 (Saeed Anwar 176, "
        "Ijaz Ahmed 61; Andy Mullally 3-62) in the first innings of the match."
    )
    got = typed(text)
    assert {("Saeed Anwar", "PERSON"), ("Ijaz Ahmed", "PERSON"), ("Pakistan", "PLACE")} <= got


def test_a_product_that_speaks_or_owns_is_no_person() -> None:
    text = (
        "Microsoft showed the new Xbox 2. Later Xbox's sales grew and Xbox said little. "
        "Putin spoke. Officials said Putin's plan was fine, and later Putin said no."
    )
    got = typed(text)
    assert ("Xbox", "PERSON") not in got
    assert ("Putin", "PERSON") in got
