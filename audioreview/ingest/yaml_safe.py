"""YAML front matter read without aliases.

Anchors and aliases let a few hundred bytes of YAML stand for gigabytes once
the value is built or turned into text (the "billion laughs" of YAML). Front
matter has no need for them, so an alias is refused as soon as it is met,
before any value is built from it.
"""

from __future__ import annotations

from typing import Any

import yaml


class AliasRefused(yaml.YAMLError):
    """The YAML uses an alias (``*name`` or a ``<<: *name`` merge)."""


class NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing every alias."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose the next node; an alias event raises AliasRefused instead."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise AliasRefused(
                f"YAML aliases are refused (*{event.anchor}): "
                "they can expand without bound"
            )
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """The value of a YAML document, read safely and without aliases; raises yaml.YAMLError."""
    return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
