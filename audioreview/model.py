"""The values that flow between the stages.

Every stage takes and returns these frozen dataclasses; change one with
``dataclasses.replace``. Times are integer milliseconds here; files that
people read (manifests, captions, chapters) use seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

BlockKind = Literal["heading", "paragraph", "list_item", "quote"]
BlockRole = Literal["body", "rating", "verdict", "pros", "cons"]
VoiceRole = Literal["host", "narrator"]
SectionKind = Literal["intro", "body", "outro"]
Version = Literal["full", "short"]
VERSIONS: tuple[Version, ...] = get_args(Version)
"""Every version a production can have, in publishing order."""


@dataclass(frozen=True, slots=True)
class Rating:
    """A review's score, e.g. 7.5 on a scale of 10."""

    value: float
    scale: float
    text: str = ""
    """The rating as written in the source ("7.5/10", "★★★½")."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about a review besides its body."""

    title: str
    author: str | None = None
    date: str | None = None
    """ISO 8601 date (YYYY-MM-DD) or date-time."""
    url: str | None = None
    rating: Rating | None = None
    image: str | None = None
    """Path or URL of the review's image (cover art)."""
    show: str | None = None
    language: str = "en"
    summary: str | None = None
    """Author-written text for the short version, used verbatim."""
    description: str | None = None
    guid: str | None = None
    """A stable identity for feeds (entry id); the slug when absent."""
    slug: str | None = None
    """The author's own slug (front matter), used for file names when given."""


DirectionKind = Literal["pause", "emphasis", "say", "say_as", "only", "skip", "rate", "voice"]
"""What an authoring control does: a pause; stress; a forced reading (an alias, or ``say_as`` an
interpretation); words heard but not shown (``only``) or shown but not heard (``skip``); a pace; a voice."""


@dataclass(frozen=True, slots=True)
class Direction:
    """One authoring control, parsed from Markdown comments, HTML/SSML elements or an SSML document."""

    kind: DirectionKind
    value: str = ""
    """The reading for "say", the interpretation for "say_as" (characters, digits, date, telephone,
    ordinal, cardinal), the words for "only", the voice profile for "voice", the level for "emphasis"
    (strong, moderate, reduced)."""
    ms: int = 0
    """How long a pause is."""
    rate: float = 1.0
    """For "rate": the pace as a fraction of the voice's own (0.9 is 90%)."""
    line: int = 0
    """The source line it was written on (0: not known), for messages."""
    implicit: bool = False
    """Taken from the text's own formatting (Markdown ``*word*``), not written as a control."""


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a block's written text and the directions over it."""

    text: str
    """As written; empty for a point in the text (a pause, words only heard)."""
    directions: tuple[Direction, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the review's body: a heading, paragraph, list item or quote."""

    kind: BlockKind
    text: str
    level: int = 0
    """Heading level (1-6) for headings; nesting depth for list items."""
    role: BlockRole = "body"
    marked_short: bool = False
    """The author marked this block for the short version."""
    spans: tuple[Span, ...] = ()
    """The block as directed stretches (empty: no direction); their texts joined are ``text``."""


@dataclass(frozen=True, slots=True)
class Review:
    """A review as ingested: metadata plus the body as blocks."""

    meta: Metadata
    blocks: tuple[Block, ...]
    source: str = "<input>"
    """Where the review came from (a path, URL or "-"), for messages."""


@dataclass(frozen=True, slots=True)
class Part:
    """A stretch of a segment synthesized as its own take, and how it is said."""

    text: str
    """What the engine is asked to say."""
    display: str = ""
    """The written words it says ("" for words only heard)."""
    length_scale: float = 1.0
    """How much longer than the voice's own pace it takes (emphasis, a prosody rate of 90%: 1/0.9)."""
    gain_db: float = 0.0
    voice: str = ""
    """A voice profile for this part ("" for the segment's voice)."""
    emphasis: bool = False
    pause_after_ms: int = 0
    """Silence after this part, inside the segment."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One spoken unit, usually one sentence."""

    text: str
    """What the engine is asked to say (normalized for speech)."""
    display: str
    """The sentence as written, for captions and the transcript."""
    voice_role: VoiceRole = "narrator"
    pause_after_ms: int = 0
    block_index: int = -1
    """Index of the review block this sentence came from (-1: framing lines)."""
    role: BlockRole = "body"
    """The role of its block (rating line, verdict, pros, cons...)."""
    marked_short: bool = False
    """The author marked its block for the short version."""
    score: float | None = None
    """Why the summarizer picked this sentence (short version only)."""
    parts: tuple[Part, ...] = ()
    """The sentence as separately synthesized parts (empty: one take of ``text``)."""
    pause_override_ms: int | None = None
    """A pause the author set after this sentence, which wins over every pause setting."""
    notes: tuple[str, ...] = ()
    """What each authoring control did to this sentence, for ``audioreview script``."""
    alignment: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)
    """For each displayed token (``display`` split at whitespace), the spoken words ``[start, end)``
    of ``text`` it became (see ``speech/alignment.py``); empty when not known. Not compared."""


@dataclass(frozen=True, slots=True)
class Section:
    """A run of segments that becomes one chapter."""

    title: str
    segments: tuple[Segment, ...]
    kind: SectionKind = "body"


@dataclass(frozen=True, slots=True)
class Script:
    """Everything that will be spoken, in order, grouped into sections."""

    meta: Metadata
    sections: tuple[Section, ...]
    version: Version = "full"
    notes: tuple[str, ...] = ()
    """Warnings about the whole script (controls the engine cannot follow), for ``audioreview script``."""

    @property
    def segments(self) -> tuple[Segment, ...]:
        """All segments in speaking order."""
        return tuple(seg for sec in self.sections for seg in sec.segments)


@dataclass(frozen=True, slots=True)
class Audio:
    """Mono 16-bit little-endian PCM."""

    pcm: bytes
    sample_rate: int

    @property
    def frames(self) -> int:
        """Number of samples."""
        return len(self.pcm) // 2

    @property
    def duration_ms(self) -> int:
        """Duration rounded to the millisecond."""
        return round(self.frames * 1000 / self.sample_rate)


WordTiming = Literal["engine", "estimated"]
"""Where word times came from: the synthesizer's own phoneme durations, or an estimate."""


@dataclass(frozen=True, slots=True)
class Word:
    """One written word (a token the reader sees) and when it is heard.

    Times are milliseconds from the start of the take in a ``Take``, and from the
    start of the final file in a ``Cue``. A token spoken as several words ("7.5/10")
    spans all of them.
    """

    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class Take:
    """A segment and the audio synthesized for it."""

    segment: Segment
    audio: Audio
    cached: bool = False
    words: tuple[Word, ...] = ()
    """The displayed words of the segment with their times in this take (may be empty)."""
    word_timing: WordTiming = "estimated"


@dataclass(frozen=True, slots=True)
class Cue:
    """A caption: one sentence and where it is heard in the final file."""

    start_ms: int
    end_ms: int
    text: str
    words: tuple[Word, ...] = ()
    """The sentence's displayed words, times in the final file (empty: not known)."""
    word_timing: WordTiming = "estimated"


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter and where it starts and ends in the final file."""

    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """Where each spoken thing lands in the assembled audio."""

    duration_ms: int
    chapters: tuple[Chapter, ...]
    cues: tuple[Cue, ...]


@dataclass(frozen=True, slots=True)
class Loudness:
    """Loudness of a finished file, as measured."""

    integrated_lufs: float
    true_peak_dbtp: float
    gain_db: float = 0.0
    limited: bool = False


@dataclass(frozen=True, slots=True)
class Rendition:
    """One finished version (full or short) of a production."""

    version: Version
    audio: str
    """File name of the MP3, relative to the production folder."""
    duration_ms: int
    bytes: int
    loudness: Loudness
    timeline: Timeline
    captions: str
    transcript: str
    chapters_json: str
    synthesized: int = 0
    cached: int = 0
    captions_plain: str = ""
    """The WebVTT file without word timestamps, for players that show the tags."""
    transcript_json: str = ""
    """The Podcasting 2.0 JSON transcript (a segment per word when words have times)."""
    words_engine: int = 0
    """Sentences whose word times the engine gave..."""
    words_estimated: int = 0
    """...those whose word times are estimated..."""
    alignment_failures: int = 0
    """...and the engine sentences whose phoneme alignment failed (counted among the estimated)."""


@dataclass(frozen=True, slots=True)
class Production:
    """A review turned into audio: where it went and what came out."""

    meta: Metadata
    slug: str
    folder: str
    renditions: tuple[Rendition, ...] = field(default_factory=tuple)
    manifest: str = ""
