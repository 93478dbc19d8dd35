"""Entity extraction: one test per rule family, the sample corpus, robustness."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.entities.extract import (
    EntityIndex,
    Mention,
    apply_overrides,
    canonical_name,
    close_names,
    extract,
)
from index.entities.gazetteer import DATA_DIR, gazetteer

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def spans(text: str) -> set[tuple[str, str, str]]:
    return {(m.text, m.type, m.entity) for m in extract(text)}


def typed(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in extract(text)}


def test_data_dir_is_found_and_loaded_once() -> None:
    assert DATA_DIR.is_dir()
    assert {p.name for p in DATA_DIR.glob("*.yaml")} >= {"countries.yaml", "orgs.yaml"}
    assert gazetteer() is gazetteer()


def test_offsets_point_at_text() -> None:
    text = "Russian President Vladimir Putin met Xi Jinping in Beijing on Thursday."
    for m in extract(text):
        assert text[m.start : m.end] == m.text


def test_gazetteer_places_orgs_groups() -> None:
    got = typed("Officials from NATO, the EU and APEC met in Moscow and Vladivostok, Russia.")
    assert {("NATO", "ORG"), ("EU", "ORG"), ("APEC", "ORG")} <= got
    assert {("Moscow", "PLACE"), ("Vladivostok", "PLACE"), ("Russia", "PLACE")} <= got
    got = spans("Chinese and Soviet officials courted Western and African leaders.")
    assert ("Chinese", "GROUP", "Chinese") in got
    assert ("Soviet", "GROUP", "Soviet") in got
    assert ("Western", "GROUP", "Western") in got
    assert ("African", "GROUP", "African") in got


def test_aliases_resolve_to_canonical_names() -> None:
    got = spans("The People's Republic of China spoke at the Security Council and the U.S. left.")
    assert ("People's Republic of China", "PLACE", "China") in got
    assert ("Security Council", "ORG", "UN Security Council") in got
    assert ("U.S.", "PLACE", "United States") in got


def test_titles_introduce_a_person_and_stay_outside_the_span() -> None:
    got = spans("Talks were held by President Vladimir Putin and Defense Minister Dong Jun.")
    assert ("Vladimir Putin", "PERSON", "Vladimir Putin") in got
    assert ("Dong Jun", "PERSON", "Dong Jun") in got
    got = spans("On Monday, State Councilor Dai Bingguo and Gen. Li Shangfu arrived.")
    assert ("Dai Bingguo", "PERSON", "Dai Bingguo") in got
    assert ("Li Shangfu", "PERSON", "Li Shangfu") in got
    got = spans("It would rise, Ms Hewitt told the paper. Mr Blair agreed.")
    assert ("Hewitt", "PERSON", "Hewitt") in got
    assert ("Blair", "PERSON", "Blair") in got


def test_defense_alone_is_not_an_org() -> None:
    text = "The Chinese Defense Minister Dong Jun spoke. Defense spending rose in the Defense plan."
    assert all(m.text != "Defense" for m in extract(text))


def test_chunking_unknown_names_by_context() -> None:
    got = typed("The talks included Sandra Gidley and Thaksin Shinawatra of Thailand.")
    assert ("Sandra Gidley", "PERSON") in got  # known given name
    got = typed("Shares in Icon Productions and Vexxon Holdings fell at the Bank of Lorania.")
    assert ("Icon Productions", "ORG") in got  # organisation suffix
    assert ("Vexxon Holdings", "ORG") in got
    assert ("Bank of Lorania", "ORG") in got
    got = typed("The summit was held in Kordavia last week.")
    assert ("Kordavia", "PLACE") in got  # "in X"
    got = typed("Ursula von der Leyen and Bashar al-Assad were mentioned by President Osama.")
    assert ("Ursula von der Leyen", "PERSON") in got
    assert ("Osama", "PERSON") in got


def test_events_and_sentence_starters_are_not_names() -> None:
    text = (
        "Surely not. After the Cold War and World War II, Victory Day was held. However, it ends."
    )
    assert extract(text) == []


def test_span_trimming_of_the_and_possessives() -> None:
    ms = extract("China’s Xi Jinping met Putin's aides at the Kremlin. The Hague ruled.")
    texts = [m.text for m in ms]
    assert "China" in texts and "China’s" not in texts
    assert "Putin" not in [t for t in texts if t.endswith("s")]
    assert all(not t.lower().startswith("the ") for t in texts if t != "The Hague")
    assert ("Kremlin", "ORG") in {(m.text, m.type) for m in ms}


def test_hyphenated_compounds_split_into_parts() -> None:
    got = spans("The Russia-China partnership and Sino-Russian ties; anti-China protests.")
    assert ("Russia", "PLACE", "Russia") in got
    assert ("China", "PLACE", "China") in got
    assert not any(t == "Sino" for t, _ty, _e in got)  # a compound's first part: no mention
    assert ("Russian", "GROUP", "Russian") in got
    got = spans("Franco-German plans, Anglo-American ties, Euro 2004, a Euro debut, West Africa.")
    assert sorted(t for t, _ty, _e in got) == ["American", "German", "West Africa"]
    assert ("West Africa", "PLACE", "West Africa") in got
    assert spans("Russia stood up to the West.") == {("Russia", "PLACE", "Russia")}
    assert ("Russia-China", "PLACE", "Russia-China") not in got
    text = "Hu Jintao met Vladimir Putin. The Hu-Putin talks went well."
    got = spans(text)
    assert ("Hu", "PERSON", "Hu Jintao") in got and ("Putin", "PERSON", "Vladimir Putin") in got
    assert typed("The Inter-American Development Bank lent more.") >= {
        ("Inter-American Development Bank", "ORG")
    }


def test_consistency_within_an_article() -> None:
    text = (
        "President Xi arrived first. Xi Jinping then met Sergei Shoigu.\n\n"
        "Shoigu said little. Later Dong told Shoygu that Xi was pleased."
    )
    got = spans(text)
    assert ("Xi", "PERSON", "Xi Jinping") in got
    assert ("Shoigu", "PERSON", "Sergei Shoigu") in got
    assert ("Shoygu", "PERSON", "Sergei Shoigu") in got
    # a name typed once keeps its type
    text = "Officials in Kordavia said so. Kordavia has long been neutral."
    assert [m.type for m in extract(text) if m.text == "Kordavia"] == ["PLACE", "PLACE"]


def test_all_caps_headline_gives_no_junk() -> None:
    text = "PUTIN IN BEIJING TO BOLSTER SINO-RUSSIAN ALLIANCE WITH XI\n\nPutin arrived."
    ms = extract(text)
    heads = {(m.text, m.type) for m in ms if m.start < text.index("\n")}
    assert heads <= {("BEIJING", "PLACE"), ("SINO", "GROUP"), ("RUSSIAN", "GROUP")}
    assert ("BEIJING", "PLACE") in heads
    assert extract("THE WEEK IN REVIEW: WHAT IT MEANS FOR YOU") == []


def test_no_entities_and_empty_text() -> None:
    assert extract("") == []
    assert extract("the cat sat on the mat, and then it slept.") == []
    assert extract("   \n\n  !!! ... 123 456 --- ") == []


def test_one_megabyte_does_not_crash() -> None:
    para = (CORPUS / "000_e1670775fb1ddbf9.txt").read_text(encoding="utf-8")
    text = (para * (1_000_000 // len(para) + 1))[:1_000_000]
    ms = extract(text)
    assert len(ms) > 1000
    assert all(text[m.start : m.end] == m.text for m in ms)
    junk = "".join(chr(c) for c in range(32, 0x250)) * 200 + "A" * 50_000 + "Ab " * 30_000
    extract(junk)


def test_close_names_and_canonical_name() -> None:
    assert close_names("Shoigu", "Shoygu")
    assert not close_names("Iran", "Iraq")  # too short
    assert not close_names("Gambia", "Zambia")  # different first letter
    assert canonical_name(["Xi", "Xi Jinping", "President Xi"][:2]) == "Xi Jinping"


def _m(text: str, typ: str, entity: str) -> Mention:
    return Mention(0, len(text), text, typ, entity)


def test_alias_merging_across_articles() -> None:
    """Spelling variants of the kind transliteration makes merge; a bare surname never merges
    two articles' mentions; another letter makes another person; a generic word is no alias."""
    idx = EntityIndex()
    idx.add("a", [_m("Sergei Shoigu", "PERSON", "Sergei Shoigu"), _m("Putin", "PERSON", "Putin")])
    putin = _m("Vladimir Putin", "PERSON", "Vladimir Putin")
    idx.add("b", [_m("Sergei Shoygu", "PERSON", "Sergei Shoygu"), putin])
    idx.add("c", [_m("Robert Peston", "PERSON", "Robert Peston"), _m("Moscow", "PLACE", "Moscow")])
    idx.add("d", [_m("Robert Preston", "PERSON", "Robert Preston"), _m("Iraq", "PLACE", "Iraq")])
    idx.add("e", [_m("Conservative Party", "ORG", "Conservative Party"),
                  _m("Party", "ORG", "Conservative Party")])  # fmt: skip
    idx.add("f", [_m("UK Independence Party", "ORG", "UK Independence Party"),
                  _m("Party", "ORG", "UK Independence Party")])  # fmt: skip
    ents = {e.name: e for e in idx.entities()}
    shoigu = ents["Sergei Shoigu"]
    assert "Sergei Shoygu" not in ents and shoigu.articles == ["a", "b"]
    assert "Sergei Shoygu" in shoigu.aliases
    assert ents["Putin"].articles == ["a"] and ents["Vladimir Putin"].articles == ["b"]
    assert ents["Robert Peston"].articles == ["c"] and ents["Robert Preston"].articles == ["d"]
    assert "Party" not in ents["Conservative Party"].aliases
    assert "Party" not in ents["UK Independence Party"].aliases
    assert idx.canonical("PERSON", "Sergei Shoygu") == "Sergei Shoigu"


def test_types_must_agree_to_merge() -> None:
    idx = EntityIndex()
    idx.add("a", [_m("Jordan", "PLACE", "Jordan"), _m("Jordan", "PERSON", "Jordan")])
    assert sorted(e.type for e in idx.entities()) == ["PERSON", "PLACE"]


def test_user_overrides() -> None:
    idx = EntityIndex()
    idx.add("a", [_m("Xinhua", "ORG", "Xinhua"), _m("Putin", "PERSON", "Putin")])
    idx.add("b", [_m("Kremlin", "ORG", "Kremlin"), _m("JBS", "ORG", "JBS")])
    ents = idx.entities()
    out = apply_overrides(
        ents,
        aliases={"putin": "Vladimir Putin"},
        types={"Kremlin": "place"},
        hide=["JBS"],
    )
    by = {e.name: e for e in out}
    assert "JBS" not in by
    assert by["Vladimir Putin"].type == "PERSON" and "Putin" in by["Vladimir Putin"].aliases
    assert by["Kremlin"].type == "PLACE"
    assert {e.name for e in ents} == {"Xinhua", "Putin", "Kremlin", "JBS"}  # input unchanged


def _corpus(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="sample corpus missing")
def test_sample_corpus_key_mentions() -> None:
    idx = EntityIndex()
    everything: set[tuple[str, str, str]] = set()
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        ms = extract(text)
        assert all(text[m.start : m.end] == m.text for m in ms)
        assert all(m.text != "Defense" for m in ms)
        idx.add(path.name, ms)
        everything |= {(m.text, m.type, m.entity) for m in ms}
    for item in [
        ("Xi Jinping", "PERSON", "Xi Jinping"),
        ("Xi", "PERSON", "Xi Jinping"),
        ("Vladimir Putin", "PERSON", "Vladimir Putin"),
        ("Putin", "PERSON", "Vladimir Putin"),
        ("Sergei Shoigu", "PERSON", "Sergei Shoigu"),
        ("Shoygu", "PERSON", "Sergei Shoigu"),
        ("Dong Jun", "PERSON", "Dong Jun"),
        ("Dong", "PERSON", "Dong Jun"),
        ("Sergei Lavrov", "PERSON", "Sergei Lavrov"),
        ("Dai Bingguo", "PERSON", "Dai Bingguo"),
        ("Hu Jintao", "PERSON", "Hu Jintao"),
        ("Dmitry Medvedev", "PERSON", "Dmitry Medvedev"),
        ("Beijing", "PLACE", "Beijing"),
        ("Moscow", "PLACE", "Moscow"),
        ("Vladivostok", "PLACE", "Vladivostok"),
        ("Harbin", "PLACE", "Harbin"),
        ("NATO", "ORG", "NATO"),
        ("APEC", "ORG", "Asia-Pacific Economic Cooperation"),
        ("Shanghai Cooperation Organization", "ORG", "Shanghai Cooperation Organization"),
        ("Security Council", "ORG", "UN Security Council"),
        ("Chinese", "GROUP", "Chinese"),
        ("Russian", "GROUP", "Russian"),
        ("Soviet", "GROUP", "Soviet"),
        ("Western", "GROUP", "Western"),
    ]:
        assert item in everything, item
    ents = {(e.type, e.name): e for e in idx.entities()}
    assert "Shoygu" in ents["PERSON", "Sergei Shoigu"].aliases  # within its article
    # one article says only "Putin": it is not merged across articles on the surname
    assert len(ents["PERSON", "Vladimir Putin"].articles) == 3
    assert ("ORG", "Defense") not in ents


def test_spelling_variants_share_a_skeleton() -> None:
    """The merge compares only names with one skeleton: every pair `close_names` joins must
    have one (checked over every one-edit variant of some names), and distinct names mostly
    do not."""
    import itertools
    import string

    from index.entities.alias import skeleton

    names = ["Shoigu", "Mohamed", "Yushchenko", "Aaronson", "Saara Kowalska", "Llewellyn"]
    for name in names:
        variants = {name[:i] + c + name[i + 1 :] for i in range(1, len(name))
                    for c in string.ascii_lowercase}  # fmt: skip
        variants |= {name[:i] + name[i - 1] + name[i:] for i in range(1, len(name) + 1)}
        for v in variants:
            if close_names(name, v):
                assert skeleton(name) == skeleton(v), (name, v)
    assert skeleton("Shoigu") == skeleton("Shoygu") and skeleton("Peston") != skeleton("Preston")
    pairs = itertools.combinations(["Gordon Brown", "Gordon Banks", "Tony Blair", "Tony Blake"], 2)
    assert all(skeleton(a) != skeleton(b) for a, b in pairs)
