"""Re-anchoring bookmarks after their articles change (reader.anchor)."""

from __future__ import annotations

import pytest

from index.model import body_hash
from reader.bookmarks.anchor import (
    FUZZY_THRESHOLD,
    AnchorReport,
    anchor,
    fuzzy_find,
    reanchor_all,
    similarity,
)
from reader.bookmarks.model import EXACT, MOVED, ORPHANED, Bookmark

P1 = "The council met on Tuesday to discuss the new budget for the coming year."
P2 = (
    "Jurors in Virginia recommended that the man, Jeremy Jaynes, serve nine years in prison "
    "and that his sister, Jessica DeGroot, be fined $7,500. They were convicted under a state "
    "law that bars the sending of bulk e-mails using fake addresses."
)
P3 = "Prosecutors said the scheme earned as much as $750,000 a month at its height."
BODY = "\n\n".join([P1, P2, P3])
QUOTE = "serve nine years in prison and that his sister, Jessica DeGroot, be fined $7,500."


def make(body: str, quote: str, occurrence: int = 0, article_id: str = "a.txt") -> Bookmark:
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(quote, start + 1)
    return Bookmark.from_text(
        article_id, body, start, start + len(quote), article_hash=body_hash(body), title="T"
    )


def where(body: str, bm: Bookmark) -> tuple[str, str] | None:
    span = anchor(bm, body, body_hash(body))
    return None if span is None else (body[span[0] : span[1]], span[2])


def test_unchanged_article_is_exact() -> None:
    bm = make(BODY, QUOTE)
    assert anchor(bm, BODY, body_hash(BODY)) == (bm.start, bm.end, EXACT)


def test_text_inserted_before_moves_the_offsets() -> None:
    bm = make(BODY, QUOTE)
    new = "A new first paragraph, added by the editor.\n\n" + BODY
    span = anchor(bm, new, body_hash(new))
    assert span is not None and span[2] == MOVED
    assert new[span[0] : span[1]] == QUOTE


def test_a_word_changed_inside_the_passage_is_found_fuzzily() -> None:
    bm = make(BODY, QUOTE)
    new = BODY.replace("nine years", "ten years")
    assert where(new, bm) == (QUOTE.replace("nine", "ten"), MOVED)


def test_a_sentence_added_inside_the_passage_is_found_fuzzily() -> None:
    quote = P2
    bm = make(BODY, quote)
    added = " The jury deliberated for two days."
    new = BODY.replace("$7,500.", "$7,500." + added)
    assert where(new, bm) == (P2.replace("$7,500.", "$7,500." + added), MOVED)


def test_the_passage_deleted_is_orphaned() -> None:
    bm = make(BODY, P2)
    new = "\n\n".join([P1, P3])
    assert anchor(bm, new, body_hash(new)) is None


def test_most_of_the_passage_rewritten_is_orphaned() -> None:
    bm = make(BODY, P2)
    new = BODY.replace(
        "They were convicted under a state law that bars the sending of bulk e-mails using "
        "fake addresses.",
        "Their lawyers have said they will appeal against the verdict at the higher court.",
    ).replace("serve nine years in prison", "go to jail for a long time")
    assert anchor(bm, new, body_hash(new)) is None


def test_repeated_quote_is_told_apart_by_its_context() -> None:
    body = "Alpha says: the cat sat on the mat. Omega says: the cat sat on the mat. The end."
    bm = make(body, "the cat sat on the mat.", occurrence=1)
    new = "Preface. " + body.replace("Alpha says", "Alpha said")
    span = anchor(bm, new, body_hash(new))
    assert span is not None
    assert new[span[0] - len("Omega says: ") : span[0]] == "Omega says: "


def test_repeated_quote_without_context_goes_to_the_nearest() -> None:
    body = "x the cat sat. y the cat sat. z the cat sat."
    bm = make(body, "the cat sat.", occurrence=2)
    bm.prefix = bm.suffix = ""
    new = body + " more"
    span = anchor(bm, new, body_hash(new))
    assert span is not None and span[0] == new.rindex("the cat sat.")


@pytest.mark.parametrize("quote", [P1[:29], P3[-30:]])
def test_quote_at_the_very_start_or_end(quote: str) -> None:
    bm = make(BODY, quote)
    assert where(BODY, bm) == (quote, EXACT)
    new = BODY.replace("council", "city council").replace("height", "peak")
    found = where(new, bm)
    assert found is not None and found[1] == MOVED
    edited = quote.replace("council", "city council").replace("height", "peak")
    assert found[0] == edited


def test_empty_body() -> None:
    bm = make(BODY, QUOTE)
    assert anchor(bm, "", body_hash("")) is None
    assert fuzzy_find(QUOTE, "") is None


def test_fuzzy_snaps_to_words_and_keeps_punctuation() -> None:
    quote = '"We will appeal," said Mr Smith, the defence lawyer.'
    body = 'Intro.\n\n"We will appeal," said Mr Smyth, the defence lawyer.\n\nOutro.'
    found = fuzzy_find(quote, body)
    assert found is not None
    assert body[found[0] : found[1]] == '"We will appeal," said Mr Smyth, the defence lawyer.'
    assert found[2] >= FUZZY_THRESHOLD


def test_fuzzy_takes_in_a_replaced_first_or_last_word() -> None:
    quote = "The country saw more than $1.2bn-worth of the beans exported during 2003-04."
    body = "Cocoa news. " + quote.replace("country", "nation").replace("-04", "-05")
    found = fuzzy_find(quote, body)
    assert found is not None
    assert body[found[0] : found[1]] == body[len("Cocoa news. ") :]


def test_fuzzy_is_not_misled_by_an_earlier_repeat_of_the_first_words() -> None:
    quote = 'We are not guilty of it."'
    body = 'He said: "We are not done. We are not ashamed of it." The end.'
    found = fuzzy_find(quote, body, old_start=30)
    assert found is not None
    assert body[found[0] : found[1]] == 'We are not ashamed of it."'


def test_fuzzy_keeps_leading_punctuation_with_its_space() -> None:
    quote = "- People coming to settle in the UK will have to show an acceptable standard."
    body = "Rules:\n\n" + quote.replace("settle", "live")
    found = fuzzy_find(quote, body)
    assert found is not None and body[found[0] : found[1]] == quote.replace("settle", "live")


def test_similarity_measure() -> None:
    assert similarity(8, 8, 8) == 1.0
    assert similarity(7, 8, 8) == pytest.approx(0.875)
    assert similarity(0, 0, 0) == 0.0


def test_fuzzy_in_a_long_article_is_found_far_from_the_old_offset() -> None:
    filler = " ".join(f"word{i} filler text here." for i in range(4000))  # ~100 kB
    body = filler + "\n\n" + P2 + "\n\n" + filler
    found = fuzzy_find(P2.replace("bulk", "mass"), body, old_start=0)
    assert found is not None
    assert body[found[0] : found[1]] == P2


# ---------------------------------------------------------------------------------------------
# reanchor_all
# ---------------------------------------------------------------------------------------------
def run(bms: list[Bookmark], articles: dict[str, str]) -> AnchorReport:
    by_hash = {body_hash(b): (aid, b) for aid, b in articles.items()}

    def lookup(aid: str) -> tuple[str, str] | None:
        body = articles.get(aid)
        return None if body is None else (body, body_hash(body))

    return reanchor_all(bms, lookup, by_hash.get)


def test_reanchor_all_unchanged_reports_nothing_to_save() -> None:
    bm = make(BODY, QUOTE)
    report = run([bm], {"a.txt": BODY})
    assert (report.exact, report.moved, report.orphaned, report.changed) == (1, 0, 0, False)
    assert bm.status == EXACT


def test_reanchor_all_moved_updates_so_the_next_load_is_exact() -> None:
    bm = make(BODY, QUOTE)
    new = "Inserted.\n\n" + BODY.replace("nine years", "ten years")
    report = run([bm], {"a.txt": new})
    assert (report.moved, report.fuzzy, report.changed) == (1, 1, True)
    assert report.changed_bookmarks == [bm]
    assert bm.status == MOVED
    assert bm.quote == new[bm.start : bm.end] == QUOTE.replace("nine", "ten")
    assert bm.article_hash == body_hash(new)
    assert new[bm.end :].startswith(bm.suffix) and new[: bm.start].endswith(bm.prefix)
    again = run([bm], {"a.txt": new})
    assert (again.exact, again.changed) == (1, False)


def test_reanchor_all_keeps_the_quote_of_an_exact_context_match() -> None:
    bm = make(BODY, QUOTE)
    new = "Inserted.\n\n" + BODY
    report = run([bm], {"a.txt": new})
    assert (report.moved, report.fuzzy) == (1, 0)
    assert bm.quote == QUOTE


def test_reanchor_all_renamed_article_is_found_by_hash() -> None:
    bm = make(BODY, QUOTE, article_id="old/a.txt")
    bm.path = "/corpus/old/a.txt"
    report = run([bm], {"new/b.txt": BODY})
    assert (report.moved, report.renamed, report.changed) == (1, 1, True)
    assert (bm.article_id, bm.path, bm.status) == ("new/b.txt", "/corpus/new/b.txt", MOVED)
    assert BODY[bm.start : bm.end] == QUOTE


def test_reanchor_all_deleted_article_orphans_and_keeps_the_bookmark() -> None:
    bm = make(BODY, QUOTE)
    saved = bm.to_dict()
    report = run([bm], {"other.txt": "Something else entirely."})
    assert (report.orphaned, report.changed) == (1, False)
    assert bm.status == ORPHANED and bm.to_dict() == saved


def test_reanchor_all_deleted_passage_orphans_and_keeps_the_bookmark() -> None:
    bm = make(BODY, P2)
    saved = bm.to_dict()
    report = run([bm], {"a.txt": P1 + "\n\n" + P3})
    assert (report.orphaned, report.total, report.changed) == (1, 1, False)
    assert bm.status == ORPHANED and bm.to_dict() == saved


def test_reanchor_all_looks_each_article_up_once() -> None:
    bms = [make(BODY, QUOTE), make(BODY, P1), make(BODY, P3)]
    calls: list[str] = []

    def lookup(aid: str) -> tuple[str, str] | None:
        calls.append(aid)
        return BODY, body_hash(BODY)

    report = reanchor_all(bms, lookup, lambda h: None)
    assert calls == ["a.txt"] and report.exact == 3
