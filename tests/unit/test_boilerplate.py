"""Boilerplate rules, paragraph assembly, plain-text headers and dates, one rule at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from index.ingest.boilerplate import assemble, clean_body, split_txt
from index.ingest.formats import parse_date, parse_date_line

STORY = "The council voted on Tuesday to expand the city's tram network by six new stops."
STORY2 = "Construction is due to start next spring and will take about two years to finish."


def body(*lines: str, title: str = "", mode: str = "txt") -> str:
    return clean_body("\n".join(lines), title=title, mode=mode).body


# ---------------------------------------------------------------- JUNK anywhere


@pytest.mark.parametrize(
    "junk",
    [
        "Leave a Reply",
        "Leave a Comment",
        "Leave a Reply Cancel reply",
        "Your email address will not be published. Required fields are marked *",
        "Please enter your comment!",
        "Please enter your name here",
        "You have entered an incorrect email address!",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Recommended Articles",
        "Related Posts",
        "Related:",
        "Most Popular",
        "Most Read",
        "Recent Comments",
        "You May Also Like",
        "You might also like",
        "Trending Now",
        "Share this:",
        "Share this article",
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Sponsored Content",
        "Skip to content",
        "Click here to read the entire article.",
        "Click here to read more",
        "Read more: Tram fares to rise in May",
        "READ MORE: Tram fares",
        "Continue reading",
        "Read the full story on our website",
        "Photo: The mayor cuts a ribbon at the depot, May 9, 2011: AP Images",
        "Image: Getty Images",
        "Credit: Jane Doe/Reuters",
        "(Photo: Reuters)",
        "The mayor at the depot. (Photo by John Smith/Getty Images)",
        "(The story is published based on the data from a syndicated feed. However there can "
        "be minor changes from the original source article.)",
        "(Except for the headline, this story has not been edited by NDTV staff and is "
        "published from a syndicated feed.)",
        "From the Desk of TheHardNewsDaily",
        "JBS Facebook JBS Twitter JBS YouTube JBS RSS Feed",
        "Follow us on Facebook, Twitter and Instagram",
        "Facebook",
        "Twitter WhatsApp Email",
        "Sign up for our daily newsletter to get the news in your inbox",
        "© 2024 City News. All rights reserved.",
        "Copyright 2024 The Associated Press.",
        "5 min read",
        "12 Comments",
        "Like this:",
        "Loading...",
        "***",
        "Updated 2 hours ago",
        "Share on Facebook Share on Twitter",
        "Print this article",
        "Image source, Getty Images",
        "Image caption, The depot in 1950",
        "Posted in World News | Tagged China, Russia | 3 Comments",
    ],
)
def test_junk_removed_anywhere(junk: str) -> None:
    assert body(STORY, junk, STORY2) == f"{STORY}\n\n{STORY2}"


@pytest.mark.parametrize(
    "story",
    [
        "The council said its email newsletter had reached 40,000 residents last year.",
        "Facebook and Twitter both removed the accounts on Monday, the company said.",
        "Read more widely, the report's authors told teachers, and children will follow.",
        "Officials said they would visit the site today.",
        "The service now has two million subscribers, up from one million a year ago.",
        "Sources close to the council said the vote was never in doubt.",
        "Most popular among riders was the night service, the survey found.",
        "China: We will support Russia against Europe and the United States",
        "It is a decision that no longer privileges them beyond their Security Council veto.",
        "Credit: the bank's lending to small firms fell by 3% in the year to March, figures show.",
    ],
)
def test_story_sentences_kept_even_at_the_end(story: str) -> None:
    assert body(STORY, story) == f"{STORY}\n\n{story}"
    assert body(story, STORY) == f"{story}\n\n{STORY}"


# ---------------------------------------------------------------- TAIL only at the end

NEWSLETTER = (
    "The Weekly Update offers tips and events. Every Monday this e-newsletter will keep you "
    "informed."
)
AD = "Tired of being poor? Looking to earn some extra money? Visit Crypto Riches right now."


@pytest.mark.parametrize(
    "tail",
    [
        NEWSLETTER,
        AD,
        "This article was originally published on X.",
        "Join our Telegram channel for the latest updates.",
        "Subscribe to our YouTube channel.",
        "Get the latest news delivered straight to your inbox. Sign up now!",
        "Disclaimer: The views expressed are the author's own.",
    ],
)
def test_tail_blurbs_cut_only_after_the_story(tail: str) -> None:
    assert body(STORY, STORY2, tail, "Leave a Reply") == f"{STORY}\n\n{STORY2}"
    assert tail in body(STORY, tail, STORY2)  # mid-story: kept, in doubt


def test_tacked_on_headline_at_the_end() -> None:
    headline = "Michael Cohen Is Accused Of Telling Lies During Trump Hush-Money Trial"
    assert body(STORY, STORY2, headline) == f"{STORY}\n\n{STORY2}"
    assert body(STORY, headline, STORY2) == f"{STORY}\n\n{headline}\n\n{STORY2}"


@pytest.mark.parametrize(
    "last",
    [
        "School Of Rock",  # too short to be sure
        "Burnley or Blackburn v Leicester",  # a fixture list line
        "Winners meet in final match",
        "Halo 2 is out on 9 November in the US and 11 November in the UK",
        "Paddy O'Brien (New Zealand)",
        "Putin's itinerary beyond China remains uncertain",  # sentence case, no full stop
    ],
)
def test_short_last_lines_that_are_not_headlines_are_kept(last: str) -> None:
    assert body(STORY, STORY2, last).endswith(last)


def test_list_header_takes_its_link_lines_with_it() -> None:
    got = body(
        STORY,
        "Related Articles",
        "Trams return to the city centre",
        "What the new budget means for you?",
        STORY2,
    )
    assert got == f"{STORY}\n\n{STORY2}"


# ---------------------------------------------------------------- metadata lines


def test_source_credit() -> None:
    cleaned = clean_body(f"{STORY}\nSource: Military of Strong Countries")
    assert (cleaned.body, cleaned.source) == (STORY, "Military of Strong Countries")
    empty = clean_body(f"{STORY}\n\nSource :\n\n{STORY2}")
    assert (empty.body, empty.source) == (f"{STORY}\n\n{STORY2}", "")
    url = clean_body(f"{STORY}\nSource: https://www.example.com/a/b")
    assert (url.source, url.url) == ("example.com", "https://www.example.com/a/b")


def test_title_repeats_and_breadcrumbs() -> None:
    title = "Trams return to the city centre"
    got = body(
        title,
        "HomeNewsTrams return to the city centre",
        "Home › Local › " + title,
        STORY,
        title=title,
    )
    assert got == STORY
    lede = STORY  # a title that is a full sentence is also the first paragraph
    assert body(lede, STORY2, title=lede) == f"{lede}\n\n{STORY2}"


# ---------------------------------------------------------------- paragraphs


def test_scraped_lines_become_paragraphs_unless_broken_mid_sentence() -> None:
    assert body(STORY, STORY2) == f"{STORY}\n\n{STORY2}"
    assert body("The council voted on Tuesday to", "expand the network.") == (
        "The council voted on Tuesday to expand the network."
    )


def test_lines_mode_and_md_mode() -> None:
    assert assemble([["one", "two"]], "lines") == ["one", "two"]
    assert assemble([["one", "two"]], "md") == ["one two"]
    assert assemble([["Intro:", "- a", "- b", "after"]], "md") == ["Intro:", "- a\n- b after"]
    assert assemble([["1. first", "2. second"], ["Next."]], "txt") == [
        "1. first\n2. second",
        "Next.",
    ]


def test_hard_wrapped_detection_and_hyphens() -> None:
    lines = [
        "The council voted on Tuesday to expand the",
        "tram network by six stops, and",
        "officials said the well-",
        "known route would be first. Work",
        "starts in May.",
    ]
    assert assemble([lines], "txt") == [
        "The council voted on Tuesday to expand the tram network by six stops, and officials "
        "said the well-known route would be first. Work starts in May."
    ]


def test_glued_sentence_end_repaired_conservatively() -> None:
    got = body("We need to pay attention to.In fact, it works. It is One.Tel and Node.js.")
    assert got == "We need to pay attention to. In fact, it works. It is One.Tel and Node.js."
    assert body("Also U.S.The end, e.g.The x.") == "Also U.S.The end, e.g.The x."


def test_body_is_normalised() -> None:
    got = body("", "  First   line\twith  spaces.  ", "", "", "", "Second.", "")
    assert got == "First line with spaces.\n\nSecond."


# ---------------------------------------------------------------- plain-text header


@pytest.mark.parametrize(
    ("header", "author", "date"),
    [
        ("By: Christian Gomez", "Christian Gomez", None),
        ("By:\u00a0 Christian Gomez", "Christian Gomez", None),
        ("By Jane Smith", "Jane Smith", None),
        ("BY JANE O'NEIL-SMITH", "Jane O'Neil-Smith", None),
        ("Written by Tom de Vries", "Tom de Vries", None),
        ("By Ann Lee, Staff Reporter", "Ann Lee", None),
        ("By Maria Lopez | June 3, 2023", "Maria Lopez", "2023-06-03"),
        ("Posted on March 3, 2023 by Jane Doe", "Jane Doe", "2023-03-03"),
        ("Posted on 2023-03-03 by admin", "", "2023-03-03"),
        ("Sunday, June 23, 2024", "", "2024-06-23"),
        ("Updated: 2024-03-05 14:22 UTC", "", "2024-03-05"),
        ("23 June 2024", "", "2024-06-23"),
        ("By 2030, the city will double in size.", "", None),
        ("By contrast the firm said sales fell sharply.", "", None),
    ],
)
def test_header_lines(header: str, author: str, date: str | None) -> None:
    doc = split_txt(f"A headline here\n{header}\n{STORY}")
    assert (doc.title, doc.author, doc.date) == ("A headline here", author, date)
    assert (header in doc.text) == (not author and not date)


def test_header_date_first_and_glued_breadcrumbs() -> None:
    text = "Sunday, June 23, 2024\nHomeWorldPutin in Beijing today\n\nPutin in Beijing today\n"
    doc = split_txt(text + STORY)
    assert (doc.title, doc.date) == ("Putin in Beijing today", "2024-06-23")
    assert "HomeWorld" not in doc.text
    assert split_txt("Home > World > Trams are back\n" + STORY).title == "Trams are back"


def test_headline_starting_with_by_is_a_title() -> None:
    doc = split_txt(f"By Royal Appointment\nBy Jane Smith\n{STORY}")
    assert (doc.title, doc.author) == ("By Royal Appointment", "Jane Smith")
    doc = split_txt(f"By: Jane Smith\nA headline here\n{STORY}")
    assert (doc.title, doc.author) == ("A headline here", "Jane Smith")


def test_header_stops_where_the_story_starts() -> None:
    doc = split_txt(f"Title\n{STORY}\nBy Jane Smith\nJune 3, 2023\n")
    assert (doc.author, doc.date) == ("", None)


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("2024-06-23", "2024-06-23"),
        ("2024-06-23T23:30:00-05:00", "2024-06-23"),
        ("2024/6/3", "2024-06-03"),
        ("Sun, 23 Jun 2024 10:00:00 +0000", "2024-06-23"),
        ("June 23, 2024", "2024-06-23"),
        ("Jun. 23rd, 2024", "2024-06-23"),
        ("23 June 2024", "2024-06-23"),
        ("Sunday, 23rd of June 2024", "2024-06-23"),
        ("23/06/2024", "2024-06-23"),
        ("06/23/2024", "2024-06-23"),
        ("23.06.2024", "2024-06-23"),
        ("03/04/2024", None),  # ambiguous: not guessed
        ("2024-02-30", None),
        ("June 2024", None),
        ("yesterday", None),
        ("", None),
        (1719100800, "2024-06-23"),
        (1719100800000, "2024-06-23"),
        ("1719100800", "2024-06-23"),
        (dt.date(2024, 6, 23), "2024-06-23"),
        (dt.datetime(2024, 6, 23, 10, 0), "2024-06-23"),
        (True, None),
        (None, None),
        (12, None),
    ],
)
def test_parse_date(value: object, want: str | None) -> None:
    assert parse_date(value) == want


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("Sunday, June 23, 2024", "2024-06-23"),
        ("Published: June 23, 2024 at 10:30 am EST", "2024-06-23"),
        ("2024-06-23T10:00:00Z", "2024-06-23"),
        ("On Tuesday, August 22, China Daily reported", None),
        ("June 23, 2024 Putin arrived in Beijing", None),
        ("The vote on June 23, 2024 was close.", None),
    ],
)
def test_parse_date_line(line: str, want: str | None) -> None:
    assert parse_date_line(line) == want
