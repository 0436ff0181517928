"""feedgen extensions for the tags its podcast extension cannot write.

feedgen's ``podcast`` extension writes most ``itunes:`` tags, but its
``itunes_explicit`` only accepts yes/no/clean (Apple now wants true/false),
its ``itunes_image`` refuses ``.jpeg``, and it knows nothing of the Podcasting
2.0 ``podcast:`` namespace. These two classes fill the gap; register them with
``FeedGenerator.register_extension(EXTENSION_NAME, PodcastIndexExtension,
PodcastIndexEntryExtension)``. The attribute name differs from the XML prefix
because feedgen already uses ``fg.podcast`` for its iTunes extension.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
EXTENSION_NAME = "podcastindex"


@dataclass(frozen=True, slots=True)
class Transcript:
    """One ``podcast:transcript`` link."""

    url: str
    type: str
    rel: str | None = None
    language: str | None = None


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
    """Item tags: itunes:image, podcast:transcript (any number) and podcast:chapters."""

    def __init__(self) -> None:
        self.image: str | None = None
        self.transcripts: list[Transcript] = []
        self.chapters: str | None = None

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
        return entry

    def extend_atom(self, entry: Any) -> Any:
        return entry
