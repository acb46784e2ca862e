"""The verdicts a convexity test ends in, answered in words (``solver.answers.Word``):
``strictly convex``, ``convex``, ``strictly concave``, ``concave``, ``linear`` (affine: both
convex and concave) and ``neither``."""

from __future__ import annotations

from dataclasses import dataclass

VERDICTS = ("strictly convex", "convex", "strictly concave", "concave", "linear", "neither")


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
