"""Feed parsing: RSS 0.91, RSS 1.0 (RDF), RSS 2.0 and Atom samples, and hostile or broken feeds."""

from __future__ import annotations

import pytest

from audioreview.errors import IngestError
from audioreview.ingest.feed import FeedItem, iso_utc, item_review, looks_like_feed, parse_feed, person_name

RSS_091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91">
<channel>
<title>Old Reviews</title>
<link>http://old.example.org/</link>
<description>Reviews from long ago</description>
<language>en-us</language>
<item>
<title>Caf\xe9 Noir</title>
<link>http://old.example.org/cafe-noir</link>
<description>A dark &lt;b&gt;comedy&lt;/b&gt; set in a caf&eacute;. It is very funny.</description>
</item>
</channel>
</rss>
"""

RSS_10 = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://rdf.example.org/">
  <title>RDF Reviews</title><link>http://rdf.example.org/</link><description>d</description>
  <items><rdf:Seq><rdf:li resource="http://rdf.example.org/a"/></rdf:Seq></items>
</channel>
<item rdf:about="http://rdf.example.org/a">
  <title>Alpha Centauri</title>
  <link>http://rdf.example.org/a</link>
  <description>A strategy game that still holds up. The story is the best part.</description>
  <dc:creator>Jo Park</dc:creator>
  <dc:date>2024-03-01T10:00:00Z</dc:date>
  <dc:subject>games</dc:subject>
</item>
</rdf:RDF>
"""

RSS_20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>New Reviews</title><link>https://new.example.org/</link><description>d</description>
<language>en-GB</language>
<item>
  <title>The Long Road</title>
  <guid isPermaLink="false">review-17</guid>
  <link>https://new.example.org/long-road</link>
  <pubDate>Tue, 05 Mar 2024 08:30:00 +0100</pubDate>
  <author>editor@example.org (Sam Reed)</author>
  <category>film</category><category>drama</category>
  <description>&lt;p&gt;Short teaser.&lt;/p&gt;</description>
  <content:encoded><![CDATA[<p>The Long Road is a <b>patient</b> film.</p><script>alert(1)</script><p>It rewards attention.</p>]]></content:encoded>
  <media:thumbnail url="https://new.example.org/long-road.jpg"/>
  <enclosure url="https://new.example.org/other.png" type="image/png" length="10"/>
</item>
<item>
  <title>Bad Date</title>
  <link>https://new.example.org/bad-date</link>
  <pubDate>sometime last spring</pubDate>
  <description>Plain words only. Nothing more.</description>
</item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>Atom Reviews</title><id>urn:example:feed</id><updated>2024-01-01T00:00:00Z</updated>
<link href="https://atom.example.org/"/>
<entry>
  <title type="html">Salt &amp;amp; Stone</title>
  <id>urn:uuid:6f1c2a10-0000-4000-8000-000000000001</id>
  <link rel="alternate" href="https://atom.example.org/salt-stone"/>
  <link rel="enclosure" type="image/jpeg" href="https://atom.example.org/salt.jpg"/>
  <published>2024-02-02T12:00:00Z</published>
  <updated>2024-02-03T00:00:00Z</updated>
  <author><name>Ann Lee</name></author>
  <category term="books"/>
  <summary>A short summary.</summary>
  <content type="html">&lt;p&gt;Salt and Stone is a novel about a quarry town.&lt;/p&gt;&lt;p&gt;Read it.&lt;/p&gt;</content>
</entry>
</feed>
"""


def test_rss_091_with_netscape_doctype_and_html_entities() -> None:
    feed = parse_feed(RSS_091, name="old.xml")
    assert feed.version.startswith("rss09")
    assert feed.title == "Old Reviews"
    assert feed.language == "en-US"
    (item,) = feed.items
    assert item.title == "Café Noir"
    assert item.link == "http://old.example.org/cafe-noir"
    assert item.id is None
    assert item.full is False and item.content_type == "html"
    assert "comedy" in item.content and "café" in item.content
    assert item.language == "en-US"


def test_rss_10_rdf() -> None:
    feed = parse_feed(RSS_10, name="rdf.xml")
    assert feed.version == "rss10"
    (item,) = feed.items
    assert item.id == "http://rdf.example.org/a"
    assert item.title == "Alpha Centauri"
    assert item.author == "Jo Park"
    assert item.published == "2024-03-01T10:00:00Z"
    assert item.categories == ("games",)
    assert "strategy game" in item.content


def test_rss_20_full_content_metadata_and_image() -> None:
    feed = parse_feed(RSS_20, name="new.xml")
    assert feed.version == "rss20"
    first, second = feed.items
    assert first.id == "review-17"
    assert first.author == "Sam Reed"
    assert first.published == "2024-03-05T07:30:00Z"  # converted to UTC
    assert first.categories == ("film", "drama")
    assert first.image == "https://new.example.org/long-road.jpg"  # media:thumbnail before enclosure
    assert first.full is True and "patient" in first.content and "teaser" not in first.content
    assert "<script" not in first.content  # sanitized by feedparser
    assert first.language == "en-GB"
    assert second.published is None and second.published_raw == "sometime last spring"
    assert second.full is False


def test_atom() -> None:
    feed = parse_feed(ATOM, name="atom.xml")
    assert feed.version == "atom10"
    (item,) = feed.items
    assert item.title == "Salt & Stone"  # an HTML title becomes plain text
    assert item.id == "urn:uuid:6f1c2a10-0000-4000-8000-000000000001"
    assert item.link == "https://atom.example.org/salt-stone"
    assert item.image == "https://atom.example.org/salt.jpg"
    assert item.author == "Ann Lee"
    assert item.published == "2024-02-02T12:00:00Z"
    assert item.categories == ("books",)
    assert item.full is True and "quarry town" in item.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<rss version="2.0"><channel><title>&lol2;</title><item><title>a</title></item></channel></rss>',
            "declares or references XML entities",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<rss version="2.0"><channel><title>&x;</title><item><title>a</title></item></channel></rss>',
            "declares or references XML entities",
        ),
        (b'<rss version="2.0"><channel><item><title>a</item></channel></rss>', "malformed XML at line 1, column"),
        (b'<rss version="2.0"><channel><title>Empty</title></channel></rss>', "the feed has no entries"),
        (b"<html><body><p>hello</p></body></html>", "not an RSS or Atom feed"),
        (b"   ", "the feed is empty"),
    ],
)
def test_hostile_and_broken_feeds_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message) as info:
        parse_feed(data, name="bad.xml")
    assert str(info.value).startswith("bad.xml: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Sam Reed", "Sam Reed"), ("sam@example.org (Sam Reed)", "Sam Reed"), ("sam@example.org", None), ("", None)],
)
def test_person_name(raw: str, expected: str | None) -> None:
    assert person_name(raw) == expected


def test_iso_utc_rejects_nothing_and_formats() -> None:
    import time

    assert iso_utc(None) is None
    assert iso_utc(time.strptime("2024-03-05 07:30:00", "%Y-%m-%d %H:%M:%S")) == "2024-03-05T07:30:00Z"


def test_looks_like_feed() -> None:
    assert looks_like_feed(RSS_10) and looks_like_feed(ATOM) and looks_like_feed(RSS_091)
    assert not looks_like_feed(b"https://example.org/a\nhttps://example.org/b\n")


def _item(**changes: object) -> FeedItem:
    base: dict[str, object] = dict(
        id="g1", title="A Title", link="https://example.org/a", author="Ann", published="2024-01-02T00:00:00Z",
        published_raw=None, image=None, categories=(), content="<p>One sentence here. Another one.</p>",
        content_type="html", full=True, language="en",
    )  # fmt: skip
    base.update(changes)
    return FeedItem(**base)  # type: ignore[arg-type]


def test_item_review_takes_metadata_from_the_feed() -> None:
    review = item_review(_item(), name="feed.xml#1")
    assert review.meta.title == "A Title"
    assert review.meta.author == "Ann"
    assert review.meta.guid == "g1"
    assert review.meta.url == "https://example.org/a"
    assert review.meta.date == "2024-01-02T00:00:00Z"
    assert [b.text for b in review.blocks] == ["One sentence here. Another one."]


def test_item_review_plain_text_summary() -> None:
    review = item_review(_item(content="First line of text.\n\nSecond paragraph.", content_type="text"), name="f")
    assert review.meta.title == "A Title"
    assert [b.text for b in review.blocks] == ["First line of text.", "Second paragraph."]


def test_item_review_without_content_is_an_error() -> None:
    with pytest.raises(IngestError, match="f#3: the entry has no content or summary"):
        item_review(_item(content=" "), name="f#3")


def test_only_web_images_are_taken_from_a_feed() -> None:
    feed = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
<link>https://example.org/</link><description>d</description>
<item><title>Local</title><link>https://example.org/a</link><description>One. Two.</description>
  <media:thumbnail url="file:///etc/passwd"/>
  <enclosure url="/home/someone/picture.jpg" type="image/jpeg" length="10"/>
  <enclosure url="https://example.org/real.jpg" type="image/jpeg" length="10"/>
</item>
<item><title>None</title><link>https://example.org/b</link><description>One. Two.</description>
  <media:thumbnail url="data:image/png;base64,AAAA"/>
</item>
</channel></rss>"""
    first, second = parse_feed(feed, name="feed.xml").items
    assert first.image == "https://example.org/real.jpg"
    assert second.image is None
