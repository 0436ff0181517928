"""A whole SSML document (``<speak>...</speak>``) as a review.

Each ``<p>`` is a paragraph (text straight under ``<speak>`` is one too); ``<s>``
is a sentence inside it. The controls are the SSML subset every input shares
(``ingest.directions``): ``<break>``, ``<emphasis>``, ``<say-as>``, ``<sub>``,
``<prosody rate>`` and ``<voice>``; one of those around whole paragraphs covers
each of them. ``<audio>`` is read as its fallback text, ``<mark>``, ``<meta>``,
``<metadata>``, ``<lexicon>`` and ``<desc>`` are not read, and any other element
is read as its text. The title is ``<meta name="title" content="...">`` (else
the file name), the language ``xml:lang``. The XML is parsed without entities
or network access; a syntax error is one ``IngestError`` naming the line.
"""

from __future__ import annotations

import lxml.etree as etree

from ..errors import IngestError
from ..model import Block, Direction, Metadata, Review
from ..values import normalize_language
from .directions import Marker, directed_block, element_direction, where

_SILENT = frozenset({"mark", "meta", "metadata", "lexicon", "desc", "lookup", "token"})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def local(tag: object) -> str:
    """An element's tag without its namespace, lower-case ("" for comments and the like)."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _parse(text: str, source: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(text.lstrip("\ufeff").encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        message = str(exc.msg).split(", line ")[0]
        raise IngestError(f"{where(source, line)}: malformed SSML: {message}") from exc
    if local(root.tag) != "speak":
        raise IngestError(f"{where(source, root.sourceline or 0)}: an SSML document is one <speak> element, not <{local(root.tag)}>")
    return root


class _Walk:
    """Turns the document's elements into paragraphs of marked text."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.marker = Marker()
        self.blocks: list[Block] = []
        self.loose: list[str] = []

    def direction(self, el: etree._Element) -> Direction | None:
        attrib = {str(k).rsplit("}", 1)[-1]: str(v) for k, v in el.attrib.items()}
        return element_direction(local(el.tag), attrib, source=self.source, line=el.sourceline or 0)

    def inline(self, el: etree._Element, out: list[str]) -> None:
        """``el`` as marked text (its tail is the caller's)."""
        tag = local(el.tag)
        if tag in _SILENT:
            return
        direction = self.direction(el)
        if tag == "break":
            if direction is not None:
                out.append(self.marker.point(direction))
            return
        if direction is not None:
            out.append(self.marker.open(direction))
        out.append(el.text or "")
        for child in el:
            self.inline(child, out)
            out.append(child.tail or "")
        if tag == "s":
            out.append(" ")
        if direction is not None:
            out.append(self.marker.close())

    def flush(self, around: list[Direction]) -> None:
        """The loose text gathered so far as one paragraph."""
        if "".join(self.loose).strip():
            self.paragraph("".join(self.loose), around)
        self.loose = []

    def paragraph(self, marked: str, around: list[Direction]) -> None:
        for direction in reversed(around):
            marked = self.marker.wrap(direction, marked)
        block = directed_block(Block(kind="paragraph", text=""), marked, self.marker.table)
        if block is not None:
            self.blocks.append(block)

    def container(self, el: etree._Element, around: list[Direction]) -> None:
        """``el`` holds paragraphs: each child paragraph is a block, the text between them others."""
        self.loose.append(el.text or "")
        for child in el:
            tag = local(child.tag)
            if tag in ("p", "paragraph"):
                self.flush(around)
                out: list[str] = []
                self.inline(child, out)
                self.paragraph("".join(out), around)
            elif _holds_paragraphs(child):
                self.flush(around)
                direction = self.direction(child)
                self.container(child, [*around, direction] if direction is not None else around)
            else:
                out = []
                self.inline(child, out)
                self.loose.append("".join(out))
            self.loose.append(child.tail or "")
        self.flush(around)


def _holds_paragraphs(el: etree._Element) -> bool:
    return any(local(d.tag) in ("p", "paragraph") for d in el.iterdescendants())


def parse_ssml(text: str, *, source: str) -> Review:
    """Parse an SSML document into a Review."""
    from .markdown import title_from_name

    root = _parse(text, source)
    title = next(
        (str(m.get("content")) for m in root.iter("{*}meta", "meta") if str(m.get("name", "")).lower() == "title" and m.get("content")),
        None,
    )
    walk = _Walk(source)
    walk.container(root, [])
    language = normalize_language(root.get(_XML_LANG) or root.get("lang")) or "en"
    meta = Metadata(title=" ".join((title or title_from_name(source)).split()), language=language)
    return Review(meta=meta, blocks=tuple(walk.blocks), source=source)
