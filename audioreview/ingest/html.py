"""HTML pages: the article body via trafilatura, metadata from the page's markup.

Metadata, first source that has it wins:
- title: JSON-LD (Review, else Article) name/headline, og:title, trafilatura's title;
- author: JSON-LD author, ``<meta name="author">``, trafilatura's byline;
- date: JSON-LD datePublished, article:published_time and similar meta tags,
  ``<time datetime>``, then trafilatura (without its guessing from page text);
- rating: JSON-LD ``reviewRating`` (ratingValue / bestRating, best defaults to 5);
- image, url, description: JSON-LD, OpenGraph, canonical link, meta description;
- language: ``<html lang>``, og:locale, JSON-LD inLanguage, else "en".

The body keeps headings (with level), paragraphs, list items, quotes and
tables read aloud (``ingest.article``).
``<!-- short -->`` / ``<!-- /short -->`` comments mark blocks for the short
version as in Markdown: until the closing comment, or only the next block.
Authoring controls (SSML elements, ``data-`` attributes, ``class="no-audio"``,
``<!-- audio: ... -->`` comments) are read by ``ingest.html_directions``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from copy import deepcopy
from typing import Any
from urllib.parse import urljoin

import lxml.etree as etree
import lxml.html
import trafilatura
from trafilatura.metadata import extract_metadata

from ..errors import IngestError
from ..model import Block, BlockKind, Metadata, Rating, Review
from ..values import normalize_language, parse_date, parse_rating
from .article import blocks_from_tree, more_article_like
from .directions import directed_block
from .html_directions import mark_directions

log = logging.getLogger(__name__)

UNTITLED = "Untitled review"
"""The title of a page that names none (feed readers look for it to put in their own)."""
_SHORT = "[[audioreview-short]]"
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt"}
_CONTAINER_TAGS = {"ul", "ol", "dl", "blockquote", "figure", "section", "div"}
_SKIP_TAGS = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "template",
    "svg",
    "iframe",
    "button",
    "figcaption",
}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTROL = dict.fromkeys([*range(0, 9), 11, *range(14, 32), 127], None) | {12: " "}
"""Control characters (parse errors in HTML) that lxml refuses in text it is given back."""
_REVIEW_TYPES = {"Review", "CriticReview", "UserReview", "EmployerReview"}
_ARTICLE_TYPES = {
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "OpinionNewsArticle",
    "WebPage",
}


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _parse_tree(text: str, source: str) -> lxml.html.HtmlElement:
    text = _XML_DECL.sub("", text, count=1)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"{source}: cannot parse HTML: {exc}") from exc


# --- metadata ---------------------------------------------------------------


def _meta(root: lxml.html.HtmlElement, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            for node in root.xpath(f"//meta[@{attr}=$key]", key=key):
                value = _clean(node.get("content"))
                if value:
                    return value
    return None


def _walk_json(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _walk_json(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk_json(child)


def json_ld_objects(root: lxml.html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON object (nested ones too) in the page's ``application/ld+json`` scripts."""
    objects: list[dict[str, Any]] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content() or "null", strict=False)
        except ValueError:
            log.debug("skipping malformed JSON-LD block")
            continue
        objects.extend(_walk_json(data))
    return objects


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    names = kind if isinstance(kind, list) else [kind]
    return {str(n).rsplit("/", 1)[-1] for n in names if n}


def _ld_text(value: Any) -> str | None:
    if isinstance(value, dict):
        return _ld_text(value.get("name") or value.get("url") or value.get("@value"))
    if isinstance(value, list):
        texts = [t for t in (_ld_text(v) for v in value) if t]
        return ", ".join(texts) if texts else None
    if value is None:
        return None
    return _clean(str(value)) or None


def _ld_image(value: Any) -> str | None:
    if isinstance(value, list):
        return _ld_image(value[0]) if value else None
    if isinstance(value, dict):
        return _ld_text(value.get("url") or value.get("contentUrl"))
    return _ld_text(value)


def rating_from_json_ld(value: Any) -> Rating | None:
    """A schema.org Rating (ratingValue, bestRating, worstRating) as a Rating."""
    if not isinstance(value, dict):
        return None
    raw_value, best = value.get("ratingValue"), value.get("bestRating", 5)
    try:
        number, scale = float(str(raw_value).replace(",", ".")), float(str(best).replace(",", "."))
    except ValueError:
        return parse_rating(raw_value)
    return parse_rating(f"{number:g}/{scale:g}")


def page_metadata(
    root: lxml.html.HtmlElement, html: str | lxml.html.HtmlElement, *, base_url: str | None
) -> Metadata:
    """Collect the page's metadata from JSON-LD, meta tags and trafilatura's guesses."""
    objects = json_ld_objects(root)
    review = next((o for o in objects if _types(o) & _REVIEW_TYPES), {})
    article = next((o for o in objects if _types(o) & _ARTICLE_TYPES), {})
    ld = {**article, **review}
    # trafilatura prunes the tree it is given: it gets a copy, never ``root`` itself.
    guess = extract_metadata(html if isinstance(html, str) else deepcopy(html), default_url=base_url, extensive=False)

    title = _ld_text(review.get("name") or ld.get("headline") or ld.get("name"))
    title = title or _meta(root, "og:title", "twitter:title") or (guess.title if guess else None)
    if not title:
        h1 = root.xpath("//h1")
        title = _clean(h1[0].text_content()) if h1 else _clean(root.findtext(".//title"))
    author = _ld_text(ld.get("author")) or _meta(root, "author", "article:author", "byl")
    if author and author.startswith(("http://", "https://")):
        author = None
    author = author or (guess.author if guess else None)
    date = None
    for raw in (
        ld.get("datePublished"),
        _meta(
            root, "article:published_time", "og:published_time", "datePublished", "date", "pubdate", "dc.date"
        ),
        next(
            iter(root.xpath("//article//time/@datetime | //time[@itemprop='datePublished']/@datetime")), None
        ),
        guess.date if guess else None,
    ):
        date = parse_date(raw)
        if date:
            break
    image = _ld_image(ld.get("image")) or _meta(root, "og:image", "twitter:image")
    canonical = next(iter(root.xpath("//link[@rel='canonical']/@href")), None)
    url = _clean(canonical) or _meta(root, "og:url") or _ld_text(ld.get("url")) or None
    language = (
        normalize_language(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
        or normalize_language(_meta(root, "og:locale"))
        or normalize_language(ld.get("inLanguage"))
        or "en"
    )
    return Metadata(
        title=title or UNTITLED,
        author=author or None,
        date=date,
        url=urljoin(base_url, url) if base_url and url else url,
        rating=rating_from_json_ld(review.get("reviewRating")),
        image=urljoin(base_url, image) if base_url and image else image,
        language=language,
        description=_ld_text(ld.get("description")) or _meta(root, "description", "og:description"),
    )


# --- short markers ------------------------------------------------------------


def _comment_word(node: Any) -> str | None:
    if not isinstance(node, etree._Comment):
        return None
    word = _clean(node.text).lower().replace(" ", "")
    return word if word in ("short", "/short") else None


def mark_short_blocks(root: lxml.html.HtmlElement) -> None:
    """Prefix blocks inside ``<!-- short -->`` regions with a sentinel that survives extraction."""
    nodes = list(root.iter())
    mode: str | None = None
    for index, node in enumerate(nodes):
        word = _comment_word(node)
        if word == "/short":
            mode = None
        elif word == "short":
            closing = next((_comment_word(n) for n in nodes[index + 1 :] if _comment_word(n)), None)
            mode = "until" if closing == "/short" else "next"
        elif mode and isinstance(node.tag, str):
            tag = node.tag.lower()
            if tag in _BLOCK_TAGS:
                node.text = _SHORT + " " + (node.text or "")
                mode = None if mode == "next" else mode
            elif mode == "next" and tag in _CONTAINER_TAGS:
                for inner in node.iter(*_BLOCK_TAGS):
                    inner.text = _SHORT + " " + (inner.text or "")
                mode = None


# --- body ----------------------------------------------------------------------


def _make_block(kind: BlockKind, text: str, level: int = 0) -> Block | None:
    text = _clean(text)
    short = _SHORT in text
    text = _clean(text.replace(_SHORT, ""))
    return Block(kind=kind, text=text, level=level, marked_short=short) if text else None


def _own_text(node: etree._Element, skip: set[str]) -> str:
    """Text of ``node`` without the text of descendants whose tag is in ``skip``."""
    parts = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str) and child.tag not in skip:
            parts.append(_own_text(child, skip))
        parts.append(child.tail or "")
    return " ".join(parts)


def blocks_from_xml(xml: str) -> list[Block]:
    """Convert trafilatura's XML output into blocks (see ``ingest.article`` for the walk)."""
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    return blocks_from_tree(main if main is not None else root, _make_block)


def fallback_blocks(root: lxml.html.HtmlElement) -> list[Block]:
    """A plain walk over the page's text blocks, for pages trafilatura finds nothing in."""
    scope = (root.xpath("//article") or root.xpath("//main") or root.xpath("//body") or [root])[0]
    blocks: list[Block | None] = []
    for node in scope.iter(*_BLOCK_TAGS):
        if any(a.tag in _SKIP_TAGS for a in node.iterancestors()) or any(
            a.tag in ("p", "li", "blockquote") for a in node.iterancestors()
        ):
            continue
        tag = node.tag
        if tag.startswith("h") and tag[1:].isdigit():
            blocks.append(_make_block("heading", node.text_content(), int(tag[1:])))
        elif tag == "li":
            depth = sum(1 for a in node.iterancestors() if a.tag in ("ul", "ol"))
            blocks.append(_make_block("list_item", _own_text(node, {"ul", "ol"}), depth))
        elif tag == "blockquote":
            blocks.append(_make_block("quote", node.text_content()))
        else:
            blocks.append(_make_block("paragraph", node.text_content()))
    found = [b for b in blocks if b is not None]
    return found or loose_blocks(scope)


def loose_blocks(scope: etree._Element) -> list[Block]:
    """Paragraphs of text that sits in no block element (a feed's plain summary, a bare ``<div>``).

    A ``<br>`` is a line break, two in a row or a blank line end a paragraph,
    and a ``<div>``-like element is a paragraph of its own.
    """
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(node.text or "")
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag == "br":
                parts.append("\n")
            elif tag is not None and tag not in _SKIP_TAGS:
                separate = tag in _CONTAINER_TAGS or tag in ("article", "main", "td", "th", "table", "tr")
                parts.append("\n\n" if separate else "")
                walk(child)
                parts.append("\n\n" if separate else "")
            parts.append(child.tail or "")

    walk(scope)
    paragraphs = re.split(r"\n[ \t\r\f\v]*\n", "".join(parts))
    return [b for b in (_make_block("paragraph", p) for p in paragraphs) if b is not None]


def _words(blocks: list[Block]) -> list[str]:
    return re.findall(r"\w+", " ".join(b.text for b in blocks).casefold())


def _article_scope(root: lxml.html.HtmlElement) -> etree._Element | None:
    found = root.xpath("//article") or root.xpath("//main") or root.xpath("//*[@role='main']")
    return found[0] if found else None


def extract_blocks(root: lxml.html.HtmlElement) -> list[Block]:
    """The article's blocks: what trafilatura found, else a plain walk over the page.

    When the page marks its article (``<article>``, ``<main>``) and a plain
    walk of that element reads clearly more like an article than
    trafilatura's result (see ``article.more_article_like``), the walk wins:
    trafilatura sometimes keeps a pull quote or a comment thread instead of the body.
    """
    xml = trafilatura.extract(
        deepcopy(root),
        output_format="xml",
        include_formatting=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    blocks = blocks_from_xml(xml) if xml else []
    if not blocks:
        return fallback_blocks(root)
    if len(blocks) == 1:
        # trafilatura's baseline for very short pages runs the page's blocks
        # together: the same words, split as the page splits them, are better.
        walked = fallback_blocks(root)
        if _words(walked) == _words(blocks):
            return walked
    scope = _article_scope(root)
    if scope is not None:
        walked = fallback_blocks(root)
        if more_article_like(blocks, walked):
            log.debug("the page's own article element reads more like an article than trafilatura's text")
            return walked
    return blocks


def parse_html(text: str, *, source: str, base_url: str | None = None) -> Review:
    """Parse an HTML page into a Review (metadata from markup, body from the article)."""
    if not text.strip():
        raise IngestError(f"{source}: the input is empty")
    root = _parse_tree(text.translate(_CONTROL), source)
    # Code, styles, navigation and no-script notices are never the review.
    for bad in root.xpath("//script[not(@type='application/ld+json')] | //style | //noscript | //template | //nav"):
        bad.drop_tree()
    meta = page_metadata(root, root, base_url=base_url)
    mark_short_blocks(root)
    marker = mark_directions(root, source)
    blocks = extract_blocks(root)
    if marker.table:
        blocks = [d for d in (directed_block(b, b.text, marker.table) for b in blocks) if d is not None]
    if blocks and blocks[0].kind == "heading" and _clean(blocks[0].text).lower() == meta.title.lower():
        blocks = blocks[1:]
    return Review(meta=meta, blocks=tuple(blocks), source=source)
