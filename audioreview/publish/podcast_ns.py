"""Podcast vocabulary: Apple's category table and feedgen extensions for the tags it lacks.

feedgen's ``podcast`` extension writes most ``itunes:`` tags, but its
``itunes_explicit`` only accepts yes/no/clean (Apple now wants true/false),
its ``itunes_image`` refuses ``.jpeg``, and it knows nothing of the Podcasting
2.0 ``podcast:`` namespace. These two classes fill the gap; register them with
``FeedGenerator.register_extension(EXTENSION_NAME, PodcastIndexExtension,
PodcastIndexEntryExtension)``. The attribute name differs from the XML prefix
because feedgen already uses ``fg.podcast`` for its iTunes extension.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
EXTENSION_NAME = "podcastindex"


#: Apple Podcasts categories and their subcategories (case-sensitive).
APPLE_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
                "Home & Garden", "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
             "Sports News", "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion",
                                "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
                "Natural Sciences", "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey", "Rugby",
               "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}



def category_problem(category: str, subcategory: str | None) -> tuple[str, str | None] | None:
    """Why a category/subcategory pair is not one of Apple's (message, hint), or None when it is."""
    if category not in APPLE_CATEGORIES:
        close = difflib.get_close_matches(category, list(APPLE_CATEGORIES), n=1)
        return (f"category {category!r} is not an Apple Podcasts category",
                f"did you mean {close[0]!r}?" if close else None)
    if subcategory is not None and subcategory not in APPLE_CATEGORIES[category]:
        choices = APPLE_CATEGORIES[category]
        return (f"subcategory {subcategory!r} is not in Apple's {category!r} category",
                ("choose one of: " + ", ".join(choices)) if choices else "it has none")
    return None


@dataclass(frozen=True, slots=True)
class Transcript:
    """One ``podcast:transcript`` link."""

    url: str
    type: str
    rel: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Soundbite:
    """One ``podcast:soundbite``: a passage of the episode to preview, in seconds."""

    start_s: float
    duration_s: float
    title: str


@dataclass(frozen=True, slots=True)
class Person:
    """One ``podcast:person`` (group and role from the Podcasting 2.0 taxonomy)."""

    name: str
    group: str = "writing"
    role: str = "author"


class PodcastIndexExtension(BaseExtension):  # type: ignore[misc]
    """Channel tags: podcast:guid, podcast:locked, itunes:image and itunes:explicit true/false."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked: bool | None = None
        self.locked_owner: str | None = None
        self.explicit: bool | None = None
        self.image: str | None = None
        self.drop_last_build_date = False

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS}

    def extend_rss(self, rss_feed: Any) -> Any:
        channel = rss_feed[0]
        if self.drop_last_build_date:
            for element in channel.findall("lastBuildDate"):
                channel.remove(element)
        if self.image:
            xml_elem(f"{{{ITUNES_NS}}}image", channel, href=self.image)
        if self.explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = "true" if self.explicit else "false"
        if self.locked is not None:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            locked.text = "yes" if self.locked else "no"
            if self.locked_owner:
                locked.attrib["owner"] = self.locked_owner
        if self.guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        return rss_feed

    def extend_atom(self, feed: Any) -> Any:
        return feed


class PodcastIndexEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Item tags: itunes:image, podcast:transcript (any number), podcast:chapters, podcast:soundbite, podcast:person."""

    def __init__(self) -> None:
        self.image: str | None = None
        self.transcripts: list[Transcript] = []
        self.chapters: str | None = None
        self.soundbites: list[Soundbite] = []
        self.persons: list[Person] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS}

    def extend_rss(self, entry: Any) -> Any:
        if self.image:
            xml_elem(f"{{{ITUNES_NS}}}image", entry, href=self.image)
        for transcript in self.transcripts:
            element = xml_elem(f"{{{PODCAST_NS}}}transcript", entry, url=transcript.url, type=transcript.type)
            if transcript.language:
                element.attrib["language"] = transcript.language
            if transcript.rel:
                element.attrib["rel"] = transcript.rel
        if self.chapters:
            xml_elem(f"{{{PODCAST_NS}}}chapters", entry, url=self.chapters, type="application/json+chapters")
        for bite in self.soundbites:
            xml_elem(f"{{{PODCAST_NS}}}soundbite", entry, startTime=f"{bite.start_s:.3f}",
                     duration=f"{bite.duration_s:.3f}").text = bite.title
        for person in self.persons:
            xml_elem(f"{{{PODCAST_NS}}}person", entry, group=person.group, role=person.role).text = person.name
        return entry

    def extend_atom(self, entry: Any) -> Any:
        return entry
