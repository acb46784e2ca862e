"""A translated text and, for each of its characters, the offset in the source it came from.

Readers that rewrite an answer (LaTeX translation, plain-text normalisation) return a
:class:`Translation`; composing them keeps every offset pointing into what was written.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Translation:
    """Translated text and, for each of its characters, the offset it came from."""

    text: str
    origins: tuple[int, ...]  # len(text) + 1 entries; the last is the end of the source

    @classmethod
    def identity(cls, text: str) -> Translation:
        return cls(text, tuple(range(len(text) + 1)))

    def source(self, pos: int) -> int:
        """The offset in the source text of ``self.text[pos]``."""
        return self.origins[min(max(pos, 0), len(self.text))]

    def then(self, later: Translation) -> Translation:
        """Compose: ``later`` translated ``self.text``; offsets go back to ``self``'s source
        (each offset ``source`` gives, looked up at once when all lie within the text)."""
        positions = later.origins
        if positions and 0 <= min(positions) and max(positions) <= len(self.text):
            return Translation(later.text, tuple(map(self.origins.__getitem__, positions)))
        return Translation(later.text, tuple(self.source(pos) for pos in positions))
