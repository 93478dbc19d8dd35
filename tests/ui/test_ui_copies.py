"""Pilot test: copies of one story are one row with "+N copies"; `c` lists them below it."""

from __future__ import annotations

from pathlib import Path

from index.engine.build import build
from reader import config
from reader.app.main import make_app
from reader.app.widgets.results import HitRow, Results
from tests.helpers_copies import write_copies_corpus
from tests.ui.test_ui_app import SIZE, search, settle, status


def rows(results: Results) -> list[tuple[str, str]]:
    out = []
    for i in range(results.option_count):
        option = results.get_option_at_index(i)
        if isinstance(option.prompt, HitRow):
            out.append((str(option.id), option.prompt.note))
    return out


async def test_copies_fold_into_one_row_and_unfold_with_c(tmp_path: Path) -> None:
    corpus = write_copies_corpus(tmp_path / "corpus")
    build(corpus, tmp_path / "index", workers=1)
    app = make_app(config.Settings(), corpus, tmp_path / "index", "reader-dark")
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "Golitsyn")
        results = app.screen.query_one(Results)
        assert len(rows(results)) == 1 and rows(results)[0][1] == "+2 copies"
        assert status(app).startswith("3 hits, 1 story · ")
        story = rows(results)[0][0]
        await pilot.press("escape")  # out of the search bar, onto the list
        await settle(app, pilot)
        assert app.focused is results
        await pilot.press("c")
        await settle(app, pilot)
        listed = rows(results)
        assert listed[0] == (story, "2 copies below")
        assert sorted(i for i, _n in listed[1:]) == sorted({"orig.txt", "wire.txt",
                                                            "edited.txt"} - {story})  # fmt: skip
        assert all(note == "↳ copy" for _i, note in listed[1:])
        assert results.current_id == story
        await pilot.press("j", "c")  # on a copy: hides the copies of its story
        await settle(app, pilot)
        assert rows(results) == [(story, "+2 copies")]
        assert results.current_id == story
        await pilot.press("c", "j", "enter")  # a copy opens like any row
        await settle(app, pilot)
        article = app.screen.query_one("ArticleView")
        assert article.article is not None and article.article.id == rows(results)[1][0]  # type: ignore[attr-defined]
