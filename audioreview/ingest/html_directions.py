"""Controls in an HTML page, marked in its tree before the article is extracted.

The SSML subset as elements (``<break>``, ``<emphasis>``, ``<say-as>``, ``<sub alias>``,
``<prosody rate>``, ``<voice name>``), the same as ``data-`` attributes on any
element (``data-emphasis``, ``data-say-as``, ``data-sub``, ``data-rate``,
``data-voice``, ``data-break``), ``class="no-audio"`` or ``data-audio="skip"``,
and the Markdown comments (``<!-- audio: ... -->``, which a Markdown page
rendered to HTML still holds) become sentinels in the text (see
``ingest.directions``), which survive the extractor; a control over an element
holding several paragraphs covers each of them. The SSML elements themselves
are then dropped, keeping their text.
"""

from __future__ import annotations

from typing import Any

import lxml.etree as etree

from .directions import DirectionError, Marker, data_directions, element_direction, parse_comment, where

BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td", "th", "figcaption"})
SSML_TAGS = frozenset({"break", "emphasis", "say-as", "prosody", "voice"})
_BETWEEN = frozenset({"body", "article", "main", "section", "div", "ul", "ol", "dl", "blockquote", "figure", "header", "footer", "aside", "table", "tbody", "tr"})


def _prepend(el: Any, text: str) -> None:
    el.text = text + (el.text or "")


def _append(el: Any, text: str) -> None:
    children = list(el)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _before(node: Any, text: str) -> None:
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = node.getparent()
        parent.text = (parent.text or "") + text


def _leaves(el: Any) -> list[Any]:
    """The innermost block elements inside ``el`` (``el`` itself when it holds none)."""
    inner = [d for d in el.iterdescendants() if isinstance(d.tag, str) and d.tag in BLOCKS]
    leaves = [d for d in inner if not any(isinstance(x.tag, str) and x.tag in BLOCKS for x in d.iterdescendants())]
    return leaves or [el]


def _wrap(el: Any, directions: list[Any], marker: Marker) -> None:
    for leaf in _leaves(el):
        for direction in directions:
            _prepend(leaf, marker.open(direction))
            _append(leaf, marker.close())


def _remove_keep_text(node: Any) -> None:
    """Take ``node`` (a comment or an empty tag) out of the tree, keeping its tail."""
    _before(node, node.tail or "")
    node.getparent().remove(node)


def mark_directions(root: Any, source: str) -> Marker:
    """Turn every control in ``root`` into sentinels, in place; the marker holds their directions."""
    marker = Marker()
    _mark_comments(root, source, marker)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        tag, line = el.tag.lower(), el.sourceline or 0
        attrib = {str(k).lower(): str(v) for k, v in el.attrib.items()}
        direction = element_direction(tag, attrib, source=source, line=line) if tag in SSML_TAGS or (tag == "sub" and "alias" in attrib) else None
        if tag == "break" or "data-break" in attrib:
            pause = direction if tag == "break" else element_direction("break", {"time": attrib["data-break"]}, source=source, line=line)
            if pause is not None:
                if tag == "break":
                    _before(el, marker.point(pause))
                else:
                    _append(el, marker.point(pause))
        elif direction is not None:
            _wrap(el, [direction], marker)
        directions = data_directions(attrib, attrib.get("class", ""), source=source, line=line)
        if directions:
            _wrap(el, directions, marker)
        if tag in SSML_TAGS or (tag == "sub" and "alias" in attrib):
            el.drop_tag()  # its text stays where it was
    return marker


def _mark_comments(root: Any, source: str, marker: Marker) -> None:
    opened: list[tuple[Any, Any, int]] = []  # (comment, direction, line) of controls open between blocks
    inline: list[int] = []  # lines of controls open inside a paragraph
    for node in list(root.iter(etree.Comment)):
        line = node.sourceline or 0
        command = parse_comment(node.text or "", source=source, line=line)
        if command is None:
            continue
        parent = node.getparent()
        between = parent is not None and isinstance(parent.tag, str) and parent.tag.lower() in _BETWEEN and not (node.tail or "").strip()
        if between and (command.opens or command.closes):
            if command.closes:
                if not opened:
                    raise DirectionError(f"{where(source, line)}: <!-- /audio --> closes nothing")
                start, direction, _ = opened.pop()
                sibling = start.getnext()
                while sibling is not None and sibling is not node:
                    if isinstance(sibling.tag, str):
                        _wrap(sibling, [direction], marker)
                    sibling = sibling.getnext()
                _remove_keep_text(start)
                _remove_keep_text(node)
            else:
                opened.append((node, command.direction, line))
            continue
        if command.closes:
            if not inline:
                raise DirectionError(f"{where(source, line)}: <!-- /audio --> closes nothing")
            inline.pop()
            _before(node, marker.close())
        elif command.opens and command.direction is not None:
            inline.append(line)
            _before(node, marker.open(command.direction))
        elif between and command.direction is not None and command.direction.kind == "pause":
            previous = node.getprevious()
            while previous is not None and not isinstance(previous.tag, str):
                previous = previous.getprevious()
            if previous is not None:
                _append(_leaves(previous)[-1], marker.point(command.direction))
            else:
                _before(node, marker.point(command.direction))
        elif between and command.direction is not None:
            from lxml.html import Element

            heard = Element("p")
            heard.text = marker.point(command.direction)
            node.addprevious(heard)
        elif command.direction is not None:
            _before(node, marker.point(command.direction))
        _remove_keep_text(node)
    if opened or inline:
        line = opened[0][2] if opened else inline[0]
        raise DirectionError(f"{where(source, line)}: this <!-- audio: ... --> control is never closed", hint="close it with <!-- /audio -->")
