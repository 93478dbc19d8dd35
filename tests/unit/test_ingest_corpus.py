"""The five real scraped articles in corpus/: metadata, every story line kept, boilerplate gone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from index.ingest.corpus import parse_file
from index.model import Article, paragraph_spans

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

# Per file: metadata, the first and last story sentences, boilerplate that must be gone, and the
# prefixes of raw lines that are header/boilerplate (every other raw line must be in the body).
EXPECTED: dict[str, dict[str, Any]] = {
    "000_e1670775fb1ddbf9.txt": {
        "title": "Second October Socialist Revolution",
        "author": "Christian Gomez",
        "date": None,
        "source": "",
        "paragraphs": 9,
        "first": "Twenty years after the alleged fall of communism and the demise of the Soviet "
        "Union, KGB defector Anatoliy Golitsyn's predictions",
        "last": "or was the collapse of communism and the Soviet Union a subterfuge to advance a "
        "strategic Soviet victory?",
        "kept": [
            "On Tuesday, August 22, China Daily, the official state-newspaper",
            "China’s Xinhua News reported on September 7:",
            '"I am also looking forward to a successful APEC meeting to be presided by President '
            'Putin," he added.',
        ],
        "gone": [
            "Click here to read the entire article",
            "Photo:",
            "AP Images",
            "Victory Day reception",
            "JBS Weekly Member Update",
            "e-newsletter",
            "JBS Facebook",
            "RSS Feed",
            "By:",
            "Second October Socialist Revolution",
        ],
        "boilerplate_lines": [
            "Second October Socialist Revolution",
            "By:",
            "Click here",
            "Photo:",
            "The JBS Weekly",
            "JBS Facebook",
        ],
    },
    "001_8f460d9bc5c9e40a.txt": {
        "title": "China’s Xi Jinping and Russia’s Vladimir Putin met on Thursday, affirming a "
        "deepening partnership between the two nations while condemning what they perceive as "
        "aggressive actions by the United States on the global stage.",
        "author": "",
        "date": None,
        "source": "",
        "paragraphs": 18,
        "first": "China’s Xi Jinping and Russia’s Vladimir Putin met on Thursday, affirming",
        "last": "the growing alignment between Beijing and Moscow in challenging U.S. hegemony.",
        "kept": [
            "In a grand display of diplomatic camaraderie, Xi welcomed Putin",
            "Concerns persist, however, within the Russian elite about overreliance on China.",
        ],
        "gone": ["Michael Cohen", "Hush-Money Trial"],
        "boilerplate_lines": ["Michael Cohen Is Accused"],
    },
    "002_b336833760f4749c.txt": {
        "title": "China: We will support Russia against Europe and the United States",
        "author": "",
        "date": None,
        "source": "",
        "paragraphs": 7,
        "first": "More bad news for the government of Ukraine.",
        "last": "The Chinese government, as well as most African leaders seem to agree on this.",
        "kept": [
            "that no longer really privileges them beyond their Security Council veto.",
            "Shoigu, for his part, said that under the guidance of the two heads of state",
            "Dong succeeded Gen. Li Shangfu who was unceremoniously removed last October.",
        ],
        "gone": [
            "Tired of being poor?",
            "Invest in Cryptocurrencies",
            "Recommended Articles",
            "Leave a Reply",
            "Your email address will not be published",
            "Required fields are marked",
        ],
        "boilerplate_lines": [
            "China: We will support Russia",
            "Tired of being poor",
            "Recommended Articles",
            "Leave a Reply",
            "Your email address",
        ],
    },
    "003_6a0cc085403321e6.txt": {
        "title": "Putin in Beijing to Bolster Sino-Russian Strategic Alliance with Xi Jinping",
        "author": "",
        "date": "2024-06-23",
        "source": "",
        "paragraphs": 6,
        "first": "The recent visit of Russian President Vladimir Putin to Beijing signifies",
        "last": "as Beijing and Moscow combine to counter perceived Western decline.",
        "kept": ["at least until 2030.", "including a visit to Harbin and possibly other capital"],
        "gone": [
            "Sunday, June 23, 2024",
            "HomeWorld",
            "Source",
            "syndicated feed",
            "From the Desk of",
            "TheHardNewsDaily",
            "Please enter your comment!",
            "Please enter your name here",
            "Akismet",
            "Learn how your comment data is processed",
            "Most Popular",
            "Recent Comments",
            "Putin in Beijing to Bolster",
        ],
        "boilerplate_lines": [
            "Sunday, June 23, 2024",
            "HomeWorld",
            "Putin in Beijing to Bolster",
            "Source :",
            "(The story is published",
            "From the Desk of",
            "Please enter your",
            "This site uses Akismet",
            "Most Popular",
            "Recent Comments",
        ],
    },
    "004_a3abaf3889b58a5e.txt": {
        "title": "China and Russia issue joint statement to strengthen coordination in response "
        "to the United States",
        "author": "",
        "date": None,
        "source": "Military of Strong Countries",
        "paragraphs": 5,
        "first": "As is well known, the United States, Russia, and Europe have recently been "
        "deadlocked",
        "last": "Therefore, it is time to establish rules for the United States and others.",
        "kept": [
            "UkrainenowadaysIt has become a focus of attention",  # scraper glue, kept as is
            "to pay attention to. In fact, the performance",  # glued sentence end repaired
            "and interests. Just now it was reported",
            "its anti China allies in Asia.",
            "On February 4th, the Russian news agency Sputnik reported",
        ],
        "gone": ["Source:", "Military of Strong Countries", "attention to.In"],
        "boilerplate_lines": [
            "China and Russia issue joint statement to strengthen",
            "Source: Military",
        ],
    },
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_clean_body(article: Article) -> None:
    body = article.body
    assert body == body.strip()
    assert "\n\n\n" not in body
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", body)
    spans = paragraph_spans(body)
    assert "\n\n".join(body[s:e] for s, e in spans) == body
    assert all(body[s:e].strip() == body[s:e] for s, e in spans)


@pytest.fixture(scope="module")
def parsed() -> dict[str, Article]:
    out = {}
    for name in EXPECTED:
        result = parse_file(CORPUS / name, name)
        assert result.skipped is None and result.warnings == []
        assert len(result.articles) == 1
        out[name] = result.articles[0]
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata(parsed: dict[str, Article], name: str) -> None:
    article, want = parsed[name], EXPECTED[name]
    assert article.id == name
    assert article.format == "txt"
    assert article.path == str(CORPUS / name)
    assert (article.title, article.author, article.date, article.source) == (
        want["title"],
        want["author"],
        want["date"],
        want["source"],
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_first_and_last_sentences(parsed: dict[str, Article], name: str) -> None:
    article, want = parsed[name], EXPECTED[name]
    first_paragraph = article.body.split("\n\n")[0]
    assert first_paragraph.startswith(want["first"])
    assert article.body.endswith(want["last"])
    for sentence in want["kept"]:
        assert sentence in article.body


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_boilerplate_gone(parsed: dict[str, Article], name: str) -> None:
    body = parsed[name].body
    for phrase in EXPECTED[name]["gone"]:  # (includes the title, which must not be repeated)
        assert phrase not in body, phrase


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_story_line_kept(parsed: dict[str, Article], name: str) -> None:
    body = _squash(parsed[name].body)
    prefixes = tuple(EXPECTED[name]["boilerplate_lines"])
    story = [
        line.strip()
        for line in (CORPUS / name).read_text(encoding="utf-8").split("\n")
        if line.strip() and not line.strip().startswith(prefixes)
    ]
    assert len(story) >= 5
    for line in story:
        assert _squash(line) in body, line[:80]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_paragraphs(parsed: dict[str, Article], name: str) -> None:
    article = parsed[name]
    assert_clean_body(article)
    assert len(article.paragraphs) == EXPECTED[name]["paragraphs"]
