"""Page clutter out, facts kept, and review sentences never lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audioreview.errors import ConfigError, SpeechError
from audioreview.model import Block, Metadata, Rating, Review
from audioreview.pipeline import produce
from audioreview.settings import Settings
from audioreview.speech.clean import (
    classify_line,
    clean_inline,
    clean_review,
    load_rules,
    parse_rules,
    rating_line,
)

DROPPED = [
    # share buttons and counters
    ("0 comments • flag", "drop"),
    ("14 comments", "tail"),  # a comments heading; near the top it drops only itself
    ("12 shares", "drop"),
    ("1.2k likes · 40 comments", "drop"),
    ("Share this:", "drop"),
    ("Share", "drop"),
    ("Share on Twitter", "drop"),
    ("Share this article: Facebook | Twitter | Email", "drop"),
    ("Facebook Twitter Pinterest Email", "drop"),
    ("Tweet", "drop"),
    ("Copy link", "drop"),
    # comments
    ("No comments have been added yet.", "drop"),
    ("Be the first to comment", "drop"),
    ("Reply", "drop"),
    ("Load more comments", "drop"),
    ("Your email address will not be published. Required fields are marked *", "drop"),
    ("Comments are closed.", "drop"),
    ("Leave a Reply", "tail"),
    ("Comments (3)", "tail"),
    # related links
    ("Read Next: Ten Films That Got Fog Right", "drop"),
    ("Also Read: Why Indie Games Love Lanterns", "drop"),
    ("Related: The best thrillers of 2024", "drop"),
    ("You may also like: The 20 Best Horror Films", "drop"),
    ("More from Pixel Post: Our favourite games of the year", "drop"),
    ("Read next", "section"),
    ("Related:", "section"),
    ("You may also like", "section"),
    ("More from Pixel Post", "section"),
    ("Recommended for you", "section"),
    # captions
    ("Photo: Ember Works", "drop"),
    ("Image credit: Northlight Pictures", "drop"),
    ("Image credit Netflix", "drop"),
    ("(Photo by Sam Lee / Netflix)", "drop"),
    ("Credit: Harbour Films", "drop"),
    ("Photo by Jo Kim on Unsplash", "drop"),
    ("Ava Moreno as Lena in Quiet Harbour (Photo: Harbour Films)", "drop"),
    ("Ava Moreno in Quiet Harbour. Photo: Harbour Films", "drop"),
    ("Cover art: Lowland Records / photo by Ines Marr", "drop"),
    ("Image 2 of 12", "drop"),
    # calls to action
    ("Watch Quiet Harbour on Netflix", "drop"),
    ("Stream it on Netflix", "drop"),
    ("Stream it now on Prime Video!", "drop"),
    ("Available on Netflix", "drop"),
    ("Available now on Netflix, Hulu and Prime Video.", "drop"),
    ("Listen to Paper Satellites on Spotify", "drop"),
    ("Buy Lanternfall on Steam", "drop"),
    ("Where to watch: Netflix", "drop"),
    ("Buy tickets", "drop"),
    ("Watch the trailer below:", "drop"),
    # newsletter, sign-up, follow
    ("Subscribe to our newsletter", "drop"),
    ("Sign up", "drop"),
    ("Sign up for our weekly newsletter", "drop"),
    ("Get the best reviews delivered to your inbox every Friday.", "drop"),
    ("Follow us on Twitter and Instagram", "drop"),
    ("Follow Jane on Bluesky", "drop"),
    # cookies
    (
        "We use cookies to improve your experience. By continuing to browse, you agree to our cookie policy.",
        "drop",
    ),
    ("This website uses cookies.", "drop"),
    ("Accept all", "drop"),
    # navigation and misc
    ("Advertisement", "drop"),
    ("Skip to content", "drop"),
    ("Home » Reviews » Lanternfall", "drop"),
    ("Tags: Lanternfall, PC, indie", "drop"),
    ("Filed under: Reviews", "drop"),
    ("5 min read", "drop"),
    ("Reading time: 6 minutes", "drop"),
    ("© 2025 Pixel Post Media. All rights reserved.", "drop"),
    ("[Embedded content]", "drop"),
    ("This post contains affiliate links; we may earn a commission.", "drop"),
    ("About the author: Jane writes about film.", "drop"),
    # page tools, error notices and promos that real templates print
    ("Order Reprints", "drop"),
    ("Print Article", "drop"),
    ("Print | Order Reprints | Share", "drop"),
    ("An error has occurred, please try again later.", "drop"),
    ("Something went wrong", "drop"),
    ("6 min read · Jan 21, 2025", "drop"),
    ("Join our free 30-day writing challenge", "drop"),
    ("Join the free weekly film club!", "drop"),
    ("Thanks for reading Second Reel! Subscribe for free to receive new posts and support my work.", "drop"),
    ("Follow us on Twitter", "drop"),
    ("Read also: Five plays to see this autumn", "drop"),
    # captions in plain-text exports: short, unpunctuated, naming a scene or a cast member
    ("Scene from Harbour Lights", "drop"),
    ("A still from The Long Static", "drop"),
    ("Maren Solvik as Ingrid in Harbour Lights", "drop"),
    # the same furniture in other languages
    ("Lesen Sie auch: Die besten Filme des Jahres", "drop"),
    ("Leggi anche: I migliori film italiani", "drop"),
    ("Lees ook: De beste films van het jaar", "drop"),
    ("Abonnieren", "drop"),
    ("Suscríbete", "drop"),
    ("Recibe nuestras mejores críticas cada viernes: suscríbete al boletín.", "drop"),
    ("Jeden Freitag die besten Kritiken im Postfach: Jetzt den Newsletter abonnieren.", "drop"),
    ("Teilen auf Facebook", "drop"),
    ("Foto: Producciones Sierra", "drop"),
]


@pytest.mark.parametrize(("text", "kind"), DROPPED)
def test_clutter_is_recognized(text: str, kind: str) -> None:
    match = classify_line(text)
    assert match is not None, text
    assert match.kind == kind


KEPT = [
    "Scene from the second act: the best ten minutes of the film.",
    "Join us next week for the second part of this review.",
    "The printing press scene is the best thing in it.",
    "Ingrid and her sister argue in the kitchen in a long, unbroken take.",
    "Lesen ist hier ein Vergnügen, auch wenn der Mittelteil sich zieht.",
    # A sentence with a subject says where to find the work: it is the review's, not the page's.
    "Quiet Harbour is streaming now on Netflix.",
    "Lanternfall is out now on PC and PS5.",
    "Harbour Lights is now available on DVD and VOD.",
    "Sign up for an ad-free account for $11.99 a month",
    "Sign up for an ad-free account for $11.99 a month, and the whole season is there.",
    "I watched it on Netflix last night, and the sound mix is a mess.",
    "Within a day of launch, Twitter was full of clips of players getting lost in the fog.",
    "In a year when Netflix seems to drop a new true-crime series every Friday, it is a relief.",
    "When the lead single leaked on Twitter back in March, the replies were split.",
    "Watch it on Netflix, but only with the lights off and the sound up.",
    "It is available on Netflix, which is a shame, because it deserves a cinema.",
    "Share the popcorn: this is a film for a crowd.",
    "Related: the director's previous film was much better.",
    "By the end, everyone is soaked.",
    "By Sunday I had watched it twice.",
    "Photographs of the old harbour open the film, and they are beautiful.",
    "Pictures from the set show how small the crew was.",
    "Updated graphics would have helped the remaster.",
    "Published in 1962, the novel has been adapted three times.",
    "The film is about a radio operator who hears a voice. Follow her on this journey.",
    "Overall, a game worth your evenings.",
    "Signing up for twelve hours of fog is a big ask.",
    "The cookies in the bakery scene look delicious.",
    "More from the director, please.",
    "Subscribers to the old magazine will remember her column.",
    "Comments from the cast suggest a sequel.",
    "The Good, the Bad and the Ugly is still the best western.",
    "Stream of consciousness is how the second act feels.",
    "Score is a strong word for the soundtrack, which is mostly rain.",
    "Credit where it is due: the ending works.",
    "Reply All is the podcast this film most resembles.",
    "By Design",
    "Discussion",
    "Responses",
    "Home is where the harbour is.",
    "Still from the first frame, the film commits to its mood.",
    "Released March 3, 2024",
    "Released: 10/06/2005",
]


@pytest.mark.parametrize("text", KEPT)
def test_review_sentences_are_kept(text: str) -> None:
    assert classify_line(text) is None
    assert clean_inline(text) == text


FACTS = [
    ("By Jane Doe (Twitter | Instagram)", {"author": "Jane Doe"}),
    ("By Jane Doe", {"author": "Jane Doe"}),
    ("Words by Ana de la Cruz", {"author": "Ana de la Cruz"}),
    ("Jane Doe | @jane", {"author": "Jane Doe"}),
    ("Tom Okafor — Twitter · Instagram", {"author": "Tom Okafor"}),
    ("By Marcus Hale · March 3, 2024 · 6 min read", {"author": "Marcus Hale", "date": "2024-03-03"}),
    ("By Marcus Hale on 3 March 2024", {"author": "Marcus Hale", "date": "2024-03-03"}),
    ("By Jane Doe | Senior Film Critic", {"author": "Jane Doe"}),
    ("Posted by Jane Doe on May 2, 2024", {"author": "Jane Doe", "date": "2024-05-02"}),
    ("Published on March 3, 2024 by Jane Doe", {"author": "Jane Doe", "date": "2024-03-03"}),
    ("Published on March 3, 2024", {"date": "2024-03-03"}),
    ("Published: 2024-03-03T09:00:00Z", {"date": "2024-03-03"}),
    ("Posted 3rd June 2024", {"date": "2024-06-03"}),
    ("Posted 3rd March 2024 at 10:15 am", {"date": "2024-03-03"}),
    ("Updated May 2, 2024", {"updated": "2024-05-02"}),
    ("Last updated: 12/05/2024 | 14:02 GMT", {"updated": "2024-12-05"}),
    ("March 3, 2024", {"date": "2024-03-03"}),
    ("Mon, 4 March 2024 · 5 min read", {"date": "2024-03-04"}),
]


@pytest.mark.parametrize(("text", "facts"), FACTS)
def test_facts_are_found(text: str, facts: dict[str, str]) -> None:
    match = classify_line(text)
    assert match is not None and match.kind in ("byline", "date")
    assert dict(match.facts) == facts


def test_a_date_word_that_is_no_date_is_not_a_date_line() -> None:
    assert classify_line("Published on the 40th of Smarch 2024") is None


RATINGS = [
    ("Rating: 7.5/10", Rating(7.5, 10.0, "7.5/10")),
    ("Score: ★★★½", Rating(3.5, 5.0, "★★★½")),
    ("Our verdict: 4/5", Rating(4.0, 5.0, "4/5")),
    ("Verdict: 4/5 — a quiet triumph.", Rating(4.0, 5.0, "4/5")),
    ("Final score: 8 out of 10", Rating(8.0, 10.0, "8 out of 10")),
    ("Rating: 4 stars", Rating(4.0, 5.0, "4 stars")),
    ("Score: 8", Rating(8.0, 10.0, "8")),
    ("7.5/10", Rating(7.5, 10.0, "7.5/10")),
    ("★★★★☆", Rating(4.0, 5.0, "★★★★☆")),
    ("4 out of 5 stars.", Rating(4.0, 5.0, "4 out of 5 stars")),
    ("Rating: 7.5 on 10", Rating(7.5, 10.0, "7.5 on 10")),
]


@pytest.mark.parametrize(("text", "rating"), RATINGS)
def test_rating_lines(text: str, rating: Rating) -> None:
    assert rating_line(text) == rating


@pytest.mark.parametrize(
    "text", ["Verdict: a quiet triumph.", "Rating the cast is hard.", "Score: 11/10", "Rating: PG-13"]
)
def test_not_rating_lines(text: str) -> None:
    assert rating_line(text) is None


INLINE = [
    ("Read it at https://example.org/review.", "Read it at."),
    ("Loved it (https://example.org/x) a lot", "Loved it a lot"),
    ("See <https://example.org> now", "See now"),
    ("The wiki page https://en.wikipedia.org/wiki/Foo_(film) says so", "The wiki page says so"),
    ("Thanks to www.example.org, really", "Thanks to, really"),
    ("As @jane_doe said, it is great", "As said, it is great"),
    ("Jane Doe (@jane) liked it", "Jane Doe liked it"),
    ("Mail jane@example.org for a copy", "Mail jane@example.org for a copy"),
    ("What a film 🎬🍿!", "What a film!"),
    ("Family 👨‍👩‍👧 night ❤️", "Family night"),
    ("Three stars ★★★☆☆ from me", "Three stars ★★★☆☆ from me"),
    ("A great score. #film #review", "A great score."),
    ("The #MeToo era shaped it", "The MeToo era shaped it"),
    ("It was the #1 film, and C# is a language", "It was the #1 film, and C# is a language"),
    ("The trailer [link] is out", "The trailer is out"),
    ("Full story (opens in new tab)", "Full story"),
    ("#vinyl #newmusic", ""),
    ("  spaced    out  text ", "spaced out text"),
]


@pytest.mark.parametrize(("text", "expected"), INLINE)
def test_clean_inline(text: str, expected: str) -> None:
    assert clean_inline(text) == expected


def _review(*texts: str | Block, **meta: object) -> Review:
    blocks = tuple(t if isinstance(t, Block) else Block("paragraph", t) for t in texts)
    fields = {"title": "A Title", **meta}
    return Review(meta=Metadata(**fields), blocks=blocks, source="r.txt")  # type: ignore[arg-type]


BODY = "This is the review itself, a long sentence about the film and how it felt to watch it."


def test_clean_review_moves_facts_into_missing_metadata() -> None:
    review = _review(
        "By Jane Doe (Twitter | Instagram)",
        "Updated May 9, 2024",
        "Published on March 3, 2024",
        BODY,
        "Rating: 7.5/10",
    )
    cleaned = clean_review(review)
    assert cleaned.meta.author == "Jane Doe"
    assert cleaned.meta.date == "2024-03-03"  # published wins over updated
    assert cleaned.meta.rating == Rating(7.5, 10.0, "7.5/10")
    assert [(b.text, b.role) for b in cleaned.blocks] == [(BODY, "body"), ("Rating: 7.5/10", "rating")]


def test_updated_date_is_used_when_it_is_the_only_one() -> None:
    assert clean_review(_review("Updated May 9, 2024", BODY)).meta.date == "2024-05-09"


def test_existing_metadata_is_not_overwritten() -> None:
    review = _review(
        "By Jane Doe",
        "Posted 3rd June 2024",
        BODY,
        "Score: 2/5",
        author="Front Matter",
        date="2020-01-01",
        rating=Rating(9, 10, "9/10"),
    )
    meta = clean_review(review).meta
    assert (meta.author, meta.date, meta.rating) == ("Front Matter", "2020-01-01", Rating(9, 10, "9/10"))


def test_read_next_section_drops_its_links_and_stops_at_prose() -> None:
    review = _review(
        BODY,
        "Read Next:",
        "The 10 Best Thrillers of the Decade, Ranked",
        "Why Sound Designers Are the Real Stars of Horror?",
        Block("list_item", "A listed link"),
        "The review goes on here with a full sentence.",
    )
    assert [b.text for b in clean_review(review).blocks] == [
        BODY,
        "The review goes on here with a full sentence.",
    ]


def test_section_under_a_heading_stops_at_a_heading_of_the_same_level() -> None:
    review = _review(
        BODY,
        Block("heading", "You may also like", level=2),
        Block("heading", "A headline of another article", level=3),
        Block("heading", "Verdict", level=2),
        "It is good.",
    )
    assert [b.text for b in clean_review(review).blocks] == [BODY, "Verdict", "It is good."]


def test_comments_tail_drops_everything_after_it() -> None:
    review = _review(BODY, BODY, BODY, "3 Comments", "Great review, I loved this film too.", "Totally agree!")
    assert [b.text for b in clean_review(review).blocks] == [BODY] * 3


def test_comments_heading_early_drops_only_itself() -> None:
    review = _review("Comments (3)", BODY, BODY, BODY)
    assert [b.text for b in clean_review(review).blocks] == [BODY] * 3


def test_repeated_title_at_the_top_is_dropped() -> None:
    review = _review(Block("heading", "Quiet Harbour review", level=1), BODY, title="Quiet Harbour review")
    assert [b.text for b in clean_review(review).blocks] == [BODY]


def test_inline_clutter_is_removed_from_kept_blocks() -> None:
    review = _review("A fine film 🎬 https://example.org #film", Block("list_item", "Great cast [link]"))
    assert [b.text for b in clean_review(review).blocks] == ["A fine film", "Great cast"]


def test_extra_patterns_extend_the_drop_list() -> None:
    review = _review("Sponsored by Acme Popcorn", BODY, "SPOILER WARNING")
    assert len(clean_review(review).blocks) == 3
    cleaned = clean_review(review, ["^sponsored by ", r"^spoiler warning$"])
    assert [b.text for b in cleaned.blocks] == [BODY]


def test_invalid_extra_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="clutter pattern '\\(unclosed' is not a valid regular expression"):
        clean_review(_review(BODY), ["(unclosed"])


def test_all_clutter_is_a_speech_error() -> None:
    with pytest.raises(SpeechError, match="r.txt: nothing is left"):
        clean_review(_review("Share this:", "Sign up"))


def test_block_fields_other_than_text_survive() -> None:
    block = Block("quote", "A quote 🎬", level=0, marked_short=True)
    assert clean_review(_review(block)).blocks == (Block("quote", "A quote", marked_short=True),)


def test_rules_are_data() -> None:
    rules = parse_rules(
        {
            "vars": {"who": "(?:me|you)"},
            "drop": {"mine": ["^only {who}$"]},
            "byline": {"b": ["^by (?P<author>.+)$"]},
        },
        extra_patterns=["^extra$"],
    )
    assert [(r.kind, r.name) for r in rules.rules] == [("byline", "b"), ("drop", "mine"), ("drop", "extra")]
    assert classify_line("only you", rules) is not None
    assert classify_line("Only You", rules) is not None  # case-insensitive
    assert classify_line("extra", rules) is not None
    assert classify_line("by Ann", rules).facts == {"author": "Ann"}  # type: ignore[union-attr]


def test_bad_builtin_style_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="drop.bad"):
        parse_rules({"drop": {"bad": ["(oops"]}})


def test_default_rules_load_every_kind() -> None:
    kinds = {rule.kind for rule in load_rules().rules}
    assert kinds == {"rating", "byline", "date", "drop", "section", "tail"}


def test_a_rating_written_on_ten_reaches_the_manifest(fake_settings: Settings) -> None:
    body = (Block("paragraph", "A patient, lovely film about a lighthouse."), Block("paragraph", "Rating: 7.5 on 10"))
    production = produce(Review(Metadata(title="Lamp", author="A. Critic"), body, source="lamp.md"), fake_settings)
    manifest = json.loads((Path(production.folder) / "lamp.json").read_text(encoding="utf-8"))
    assert manifest["rating"]["value"] == 7.5 and manifest["rating"]["scale"] == 10


# --- rails, the rating line's tail, and the explanation ------------------------------


def test_a_related_rail_of_headline_and_standfirst_pairs_is_dropped() -> None:
    review = _review(
        BODY,
        Block("heading", "Ten films about the sea", level=3),
        "Ten films about the sea",
        Block("heading", "Why slow cinema is back", level=3),
        "Why slow cinema is back, and who is watching it",
        "The review ends here with a full sentence about the film.",
    )
    assert [b.text for b in clean_review(review).blocks] == [BODY, "The review ends here with a full sentence about the film."]


def test_a_run_of_short_link_lines_is_dropped() -> None:
    review = _review(BODY, "Best thrillers of the decade", "Interview with the composer", "The sound of silence", BODY)
    assert [b.text for b in clean_review(review).blocks] == [BODY, BODY]


def test_a_heading_ending_a_run_heads_what_follows() -> None:
    review = _review(BODY, "One teaser", "Two teaser", "Three teaser", Block("heading", "Verdict", level=2), BODY)
    assert [b.text for b in clean_review(review).blocks] == [BODY, "Verdict", BODY]


def test_pros_and_short_headings_are_not_a_rail() -> None:
    review = _review(
        BODY,
        Block("heading", "Pros", level=2),
        Block("list_item", "Gorgeous art", level=1),
        Block("list_item", "A great score", level=1),
        Block("list_item", "Short and sweet", level=1),
        Block("heading", "Verdict", level=2),
        BODY,
    )
    assert len(clean_review(review).blocks) == 7


def test_pros_and_cons_written_as_plain_lines_are_not_a_rail() -> None:
    lines = ["Pros", "Gorgeous art", "A great score", "Cons", "Too short", "Verdict"]
    review = _review(BODY, *lines, BODY)
    assert [b.text for b in clean_review(review).blocks] == [BODY, *lines, BODY]


def test_a_call_to_action_sharing_the_rating_line_is_split_off() -> None:
    cleaned = clean_review(_review(BODY, "Rating: 7.5 on 10. Watch Harbour Lights on Netflix"))
    assert [(b.text, b.role) for b in cleaned.blocks][-1] == ("Rating: 7.5 on 10.", "rating")
    assert cleaned.meta.rating == Rating(7.5, 10.0, "7.5 on 10")


def test_a_rating_line_with_a_real_second_sentence_keeps_it() -> None:
    cleaned = clean_review(_review(BODY, "Score: 8/10. A flawed but generous game."))
    assert cleaned.blocks[-1].text == "Score: 8/10. A flawed but generous game."


def test_explain_names_the_rule_of_every_dropped_line() -> None:
    from audioreview.speech.clean import explain_review

    review = _review(
        "Share on Twitter",
        BODY,
        "Scene from Harbour Lights",
        "Rating: 4/5. Stream it on Netflix",
        "Leave a Reply",
        "Great review!",
    )
    lines = explain_review(review)
    assert lines[0] == "# clutter: 5 lines dropped from 6 blocks"
    rules = [line.split()[1] for line in lines[1:]]
    assert rules == [
        "drop.share",
        "drop.caption_words",
        "rating_tail.drop.call_to_action",
        "tail.comments",
        "tail.comments.after",
    ]


def test_a_caption_line_in_a_plain_text_export_is_dropped() -> None:
    from audioreview.ingest.text import parse_text

    text = (
        "Harbour Lights review\n\n"
        "The film opens on a grey coast and stays there, patient and quiet, for almost two hours.\n"
        "Scene from Harbour Lights\n"
        "Maren Solvik plays the keeper with a stillness that never turns into blankness.\n\n"
        "Rating: 7.5 on 10. Watch Harbour Lights on Netflix\n"
    )
    kept = [b.text for b in clean_review(parse_text(text, source="r.txt")).blocks]
    assert kept == [
        "The film opens on a grey coast and stays there, patient and quiet, for almost two hours.",
        "Maren Solvik plays the keeper with a stillness that never turns into blankness.",
        "Rating: 7.5 on 10.",
    ]
