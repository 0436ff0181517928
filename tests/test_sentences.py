"""Sentence splitting on tricky review paragraphs, and the one-cue-one-sentence invariant.

Each corpus entry is a paragraph as reviews and exports write it and the
sentences a reader hears in it. The pipeline's segments are checked against
the same corpus: every segment is one sentence, or a clause of one that is
longer than an engine takes at once, never two sentences.
"""

from __future__ import annotations

import pytest

from audioreview.model import Block
from audioreview.speech.script import Pauses, body_sections
from audioreview.speech.segment import MAX_SEGMENT_CHARS, bound_length, split_sentences

CORPUS: list[tuple[str, str, list[str]]] = [
    # Curly, mismatched and look-alike quotes
    ("curly-closing-as-opening", "I finally watched ‘Harbour Lights‘. It is slow. Then it soars.",
     ["I finally watched ‘Harbour Lights‘.", "It is slow.", "Then it soars."]),
    ("curly-single", "He says ‘never again.’ Then he goes back. Of course he does.",
     ["He says ‘never again.’", "Then he goes back.", "Of course he does."]),
    ("curly-double", "The poster promised “the scariest film of the year.” It is not. It is a comedy.",
     ["The poster promised “the scariest film of the year.”", "It is not.", "It is a comedy."]),
    ("low-quotes", "Sie sagt „genug.“ The subtitles say enough. Fair.",
     ["Sie sagt „genug.“", "The subtitles say enough.", "Fair."]),
    ("guillemets", "The French title is «La Nuit.» It means The Night. Simple enough.",
     ["The French title is «La Nuit.»", "It means The Night.", "Simple enough."]),
    ("mismatched-double", "She calls it \"a mess. I agree with her. Mostly.",
     ["She calls it \"a mess.", "I agree with her.", "Mostly."]),
    ("mismatched-curly", "The tagline reads “run. Nobody does. That is the joke.",
     ["The tagline reads “run.", "Nobody does.", "That is the joke."]),
    ("backtick-quotes", "The critic wrote ``essential.'' I would say useful. Still good.",
     ["The critic wrote ``essential.''", "I would say useful.", "Still good."]),
    ("prime-as-quote", "The hook is ′this town is mine.′ Nobody believes it. Least of all him.",
     ["The hook is ′this town is mine.′", "Nobody believes it.", "Least of all him."]),
    ("question-in-quotes", "He asks, \"Is that all?\" She laughs. The scene ends.",
     ["He asks, \"Is that all?\"", "She laughs.", "The scene ends."]),
    ("exclamation-in-quotes", "The crowd yells “Encore!” and they play again. It goes on too long.",
     ["The crowd yells “Encore!” and they play again.", "It goes on too long."]),
    ("quote-mid-sentence", "She whispers \"wait\" and the lights go out. Nobody moves.",
     ["She whispers \"wait\" and the lights go out.", "Nobody moves."]),
    # Nested quotes and parentheses
    ("nested-quotes", "The narrator says \"my father told me 'never look back.'\" Then he looks back. Twice.",
     ["The narrator says \"my father told me 'never look back.'\"", "Then he looks back.", "Twice."]),
    ("nested-curly", "Her line is “he said ‘stay.’” It lands. The theatre goes quiet.",
     ["Her line is “he said ‘stay.’”", "It lands.", "The theatre goes quiet."]),
    ("parenthesis-stop-inside", "The sequel is better (the first was rushed.) The cast knows it. So do we.",
     ["The sequel is better (the first was rushed.)", "The cast knows it.", "So do we."]),
    ("parenthesis-exclaim", "The tickets sold out (again!). We waited for the stream.",
     ["The tickets sold out (again!).", "We waited for the stream."]),
    ("parenthesis-year", "The film (2019) is good. The book (2017) is better.",
     ["The film (2019) is good.", "The book (2017) is better."]),
    ("parenthesis-sentence", "The middle sags. (It always does with this director.) The ending recovers.",
     ["The middle sags.", "(It always does with this director.)", "The ending recovers."]),
    ("brackets", "The edition adds notes [all of them useful.] The print is small. Buy it anyway.",
     ["The edition adds notes [all of them useful.]", "The print is small.", "Buy it anyway."]),
    # Ellipses
    ("ellipsis-dots", "I expected a thriller... What I got was a poem. A long one.",
     ["I expected a thriller...", "What I got was a poem.", "A long one."]),
    ("ellipsis-char", "It builds and builds… Then nothing happens. Nothing at all.",
     ["It builds and builds…", "Then nothing happens.", "Nothing at all."]),
    ("ellipsis-lowercase", "It was good... until the last act. That act ruins it.",
     ["It was good... until the last act.", "That act ruins it."]),
    ("ellipsis-question", "Wait... what? The twist makes no sense. None.",
     ["Wait... what?", "The twist makes no sense.", "None."]),
    ("spaced-ellipsis", "The pacing is . . . unusual. Some will love it.",
     ["The pacing is . . . unusual.", "Some will love it."]),
    # Dashes
    ("em-dash", "The score is superb — really superb. The mix is not.",
     ["The score is superb — really superb.", "The mix is not."]),
    ("em-dash-unspaced", "The lead—a newcomer—carries it. She is the reason to go.",
     ["The lead—a newcomer—carries it.", "She is the reason to go."]),
    ("double-hyphen", "The plot -- such as it is -- barely matters. The images do.",
     ["The plot -- such as it is -- barely matters.", "The images do."]),
    ("en-dash-range", "It runs 1990–1995 in story time. Five years pass in two hours.",
     ["It runs 1990–1995 in story time.", "Five years pass in two hours."]),
    ("dash-ending", "I wanted more of the sister — Then the credits rolled.",
     ["I wanted more of the sister — Then the credits rolled."]),
    # Abbreviations and titles
    ("doctor", "Dr. Mara Quill plays the lead. She is excellent.",
     ["Dr. Mara Quill plays the lead.", "She is excellent."]),
    ("mister-missus", "Mr. and Mrs. Hale run the inn. Their son runs away.",
     ["Mr. and Mrs. Hale run the inn.", "Their son runs away."]),
    ("versus", "It is Godzilla vs. Kong again. The monsters win.",
     ["It is Godzilla vs. Kong again.", "The monsters win."]),
    ("for-example", "Some scenes, e.g. the chase, are thrilling. Others drag.",
     ["Some scenes, e.g. the chase, are thrilling.", "Others drag."]),
    ("that-is", "The cut, i.e. the director's own, runs longer. It is better.",
     ["The cut, i.e. the director's own, runs longer.", "It is better."]),
    ("et-cetera", "It has ghosts, storms, a lighthouse, etc. The usual. Done well.",
     ["It has ghosts, storms, a lighthouse, etc.", "The usual.", "Done well."]),
    ("chapter-number", "See ch. 3 for the best writing. Then ch. 4 falls apart.",
     ["See ch. 3 for the best writing.", "Then ch. 4 falls apart."]),
    ("volume-number", "Vol. 2 collects the later strips. It is the one to own.",
     ["Vol. 2 collects the later strips.", "It is the one to own."]),
    ("saint", "It is set in St. Ives. The town looks lovely.",
     ["It is set in St. Ives.", "The town looks lovely."]),
    ("us-dotted", "The U.S. release came late. I waited a year.",
     ["The U.S. release came late.", "I waited a year."]),
    ("time-dotted", "It starts at 8 p.m. The doors open at seven.",
     ["It starts at 8 p.m.", "The doors open at seven."]),
    ("no-number", "This is No. 5 in the series. It is the weakest.",
     ["This is No. 5 in the series.", "It is the weakest."]),
    # Initials
    ("initials-spaced", "J. R. R. Tolkien would approve. The maps are gorgeous.",
     ["J. R. R. Tolkien would approve.", "The maps are gorgeous."]),
    ("initial-middle", "Mr. T. Hardy stars. He is menacing.",
     ["Mr. T. Hardy stars.", "He is menacing."]),
    ("initials-tight", "The book is by P.D. James. It is her best.",
     ["The book is by P.D. James.", "It is her best."]),
    ("initials-after-by", "The novel is by A. L. Kennedy. The film keeps its wit.",
     ["The novel is by A. L. Kennedy.", "The film keeps its wit."]),
    # Decimals and numbers
    ("decimal-rating", "I give it 7.5 out of 10. It earns every point.",
     ["I give it 7.5 out of 10.", "It earns every point."]),
    ("decimal-money", "Tickets cost $12.50. Popcorn costs more.",
     ["Tickets cost $12.50.", "Popcorn costs more."]),
    ("version-number", "Version 2.0.1 fixes the crashes. The game is finally stable.",
     ["Version 2.0.1 fixes the crashes.", "The game is finally stable."]),
    ("decimal-end", "The average score was 4.2. Mine is lower.",
     ["The average score was 4.2.", "Mine is lower."]),
    ("number-start", "It came out in 1987. 2005 brought the remake.",
     ["It came out in 1987.", "2005 brought the remake."]),
    ("percent", "Only 12.5% of it works. That 12.5% is wonderful.",
     ["Only 12.5% of it works.", "That 12.5% is wonderful."]),
    # URLs already removed, emoji removed
    ("url-removed", "Read the interview at . It is worth it.",
     ["Read the interview at .", "It is worth it."]),
    ("url-removed-parens", "The trailer () gives too much away. Skip it.",
     ["The trailer () gives too much away.", "Skip it."]),
    ("emoji-removed", "Loved it  . Going again tomorrow  !",
     ["Loved it .", "Going again tomorrow !"]),
    ("emoji-removed-mid", "The dog  steals every scene. Give him an award.",
     ["The dog steals every scene.", "Give him an award."]),
    # Exclamations and questions
    ("many-exclamations", "It is great!!! Go see it. Now.",
     ["It is great!!!", "Go see it.", "Now."]),
    ("interrobang", "A musical?! About tax law? It works.",
     ["A musical?!", "About tax law?", "It works."]),
    ("questions", "Why does it work? Because it commits. Every scene.",
     ["Why does it work?", "Because it commits.", "Every scene."]),
    # Lists and headings without punctuation
    ("list-lines", "What works\nThe cast\nThe music\nThe ending",
     ["What works", "The cast", "The music", "The ending"]),
    ("bullet-lines", "Pros:\n- Great cast\n- Short runtime\nCons:\n- Weak villain",
     ["Pros:", "- Great cast", "- Short runtime", "Cons:", "- Weak villain"]),
    ("numbered-lines", "My top three\n1. The opening\n2. The heist\n3. The last shot",
     ["My top three", "1. The opening", "2. The heist", "3. The last shot"]),
    ("heading-line", "The verdict\nIt is the best film of the year. See it twice.",
     ["The verdict", "It is the best film of the year.", "See it twice."]),
    ("wrapped-prose", "The second half of the film moves with a patience that some will\n"
     "find trying. I found it generous.",
     ["The second half of the film moves with a patience that some will find trying.", "I found it generous."]),
    ("wrapped-capital", "The photography, by a crew that worked on the earlier films,\n"
     "Makes the town look cold. It works.",
     ["The photography, by a crew that worked on the earlier films, Makes the town look cold.", "It works."]),
    ("volume-numeral", "The Long Archive — Vol. II of the cycle — costs less. It picks up where Vol. I left off.",
     ["The Long Archive — Vol. II of the cycle — costs less.", "It picks up where Vol. I left off."]),
    ("chapter-numeral-ends", "Read Ch. IV and Pt. III first. I liked Vol. I. It was good.",
     ["Read Ch. IV and Pt. III first.", "I liked Vol. I.", "It was good."]),
    ("abbreviation-then-dash", "It runs 95 min. — and it drags. See it.", ["It runs 95 min. — and it drags.", "See it."]),
    ("no-then-pronoun", "Did it work? No. I doubt it.", ["Did it work?", "No.", "I doubt it."]),
    # Plain cases the fixes must not break
    ("plain", "A quiet film about grief. It stays with you.",
     ["A quiet film about grief.", "It stays with you."]),
    ("single", "A quiet film about grief.", ["A quiet film about grief."]),
    ("no-stop", "A quiet film about grief", ["A quiet film about grief"]),
    ("colon-list-inline", "Three things matter: the cast, the score, the light. All three shine.",
     ["Three things matter: the cast, the score, the light.", "All three shine."]),
    ("semicolon", "The first act is slow; the second is not. Stay for it.",
     ["The first act is slow; the second is not.", "Stay for it."]),
]
"""(id, paragraph, the sentences in it)."""

PAUSES = Pauses(350, 700, 1200)


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 60
    assert len({name for name, _, _ in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("paragraph", "sentences"), [pytest.param(p, s, id=n) for n, p, s in CORPUS])
def test_split_sentences(paragraph: str, sentences: list[str]) -> None:
    assert split_sentences(paragraph) == sentences


def test_each_cue_is_one_sentence_or_a_clause_of_one() -> None:
    blocks = [Block("paragraph", paragraph) for _, paragraph, _ in CORPUS]
    sections = body_sections(blocks, speak=lambda text: text, pauses=PAUSES, language="en")
    segments = [segment for section in sections for segment in section.segments]
    expected = {index: sentences for index, (_, _, sentences) in enumerate(CORPUS)}
    for segment in segments:
        assert segment.block_index is not None
        sentences = expected[segment.block_index]
        assert segment.display in sentences, segment.display
    assert len(segments) == sum(len(sentences) for _, _, sentences in CORPUS)


def test_an_over_long_sentence_is_cut_at_clauses_and_each_piece_belongs_to_it() -> None:
    clause = "the camera lingers on the harbour, the boats and the nets"
    sentence = "In the long middle stretch " + ", ".join([clause] * 12) + "."
    second = "Then the storm comes."
    paragraph = f"‘{sentence}‘ {second}"
    sentences = split_sentences(paragraph)
    assert sentences == [f"‘{sentence}‘", second]
    pieces = bound_length(sentences[0])
    assert len(pieces) > 1 and all(len(piece) <= MAX_SEGMENT_CHARS for piece in pieces)
    assert " ".join(pieces) == sentences[0]
    sections = body_sections([Block("paragraph", paragraph)], speak=lambda t: t, pauses=PAUSES, language="en")
    displays = [segment.display for section in sections for segment in section.segments]
    assert displays == [*pieces, second]


def test_a_german_abbreviation_before_a_dash_keeps_the_sentence_whole() -> None:
    text = "Der Film dauert 2 Std. 40 Min. \u2013 und keine Minute ist zu viel. Gut."
    assert split_sentences(text, "de") == ["Der Film dauert 2 Std. 40 Min. \u2013 und keine Minute ist zu viel.", "Gut."]
