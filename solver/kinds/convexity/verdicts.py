"""The verdicts a convexity test ends in, as answers a student can write in words:
``strictly convex``, ``convex``, ``strictly concave``, ``concave``, ``linear`` (affine: both
convex and concave) and ``neither``. Each word is a symbol of its own, so ``strictly
convex`` reads as the product of two of them."""

from __future__ import annotations

from dataclasses import dataclass

from solver.numbers import symbol

WORDS = {word: symbol(word) for word in ("strictly", "convex", "concave", "linear",
                                         "neither")}


@dataclass(frozen=True)
class Curvature:
    """What the PSD test of H (``convex``) and of −H (``concave``) found: each of
    ``strict``, ``yes``, ``no``, or ``unknown``."""

    convex: str
    concave: str

    @property
    def decided(self) -> bool:
        return "unknown" not in (self.convex, self.concave)

    @property
    def word(self) -> str:
        """The verdict in words."""
        if self.convex != "no" and self.concave != "no":
            return "linear"
        if self.convex == "no" and self.concave == "no":
            return "neither"
        if self.convex != "no":
            return "strictly convex" if self.convex == "strict" else "convex"
        return "strictly concave" if self.concave == "strict" else "concave"

    @property
    def value(self):
        """The verdict as the answer holds it: a product of word symbols."""
        result = 1
        for word in self.word.split():
            result *= WORDS[word]
        return result
