"""Answers given in an order the student cannot know: groups matched by a permutation.

A part's named answers may come in groups that share an index, such as eigenpairs
(lambda1, v1), (lambda2, v2): which eigenvalue is "1" is our convention. The student's
group i is taken as our group σ(i) for the permutation σ under which the most of their
answers are right, name by name in the same position of the group (lambda with lambda,
v with v). Ties keep a group where it is (the identity first), so a wrong answer is
compared with the group of the same index when nothing better fits.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

EXHAUSTIVE = 7  # up to this many groups every permutation is tried; beyond, greedily


def match_groups(groups: Sequence[Sequence[str]], answered: set[str],
                 fits: Callable[[str, str], bool]) -> dict[str, str]:
    """Our name for each answered name of a group (itself unless a permutation fits
    better). ``fits(mine, ours)`` says whether the answer under ``mine`` is right for
    ``ours``."""
    n = len(groups)
    score = _Scores(groups, answered, fits)
    if all(score(i, i) == score.answered(i) for i in range(n)):
        return {name: name for group in groups for name in group if name in answered}
    if n <= EXHAUSTIVE:
        best = max(itertools.permutations(range(n)),
                   key=lambda p: (sum(score(i, p[i]) for i in range(n)),
                                  sum(p[i] == i for i in range(n))))
    else:
        best = _greedy(n, score)
    mapping = {}
    for i, j in enumerate(best):
        for position, name in enumerate(groups[i]):
            if name in answered and position < len(groups[j]):
                mapping[name] = groups[j][position]
    return mapping


class _Scores:
    """How many of the student's answers in group i are right for our group j (cached)."""

    def __init__(self, groups, answered, fits):
        self.groups, self.answered_names, self.fits = groups, answered, fits
        self.known: dict[tuple[int, int], int] = {}

    def answered(self, i: int) -> int:
        return sum(name in self.answered_names for name in self.groups[i])

    def __call__(self, i: int, j: int) -> int:
        if (i, j) not in self.known:
            mine, ours = self.groups[i], self.groups[j]
            self.known[(i, j)] = sum(
                1 for position, name in enumerate(mine)
                if name in self.answered_names and position < len(ours)
                and self.fits(name, ours[position]))
        return self.known[(i, j)]


def _greedy(n: int, score: _Scores) -> tuple[int, ...]:
    """Each group in turn takes the free group of ours it fits best (its own on ties)."""
    free = set(range(n))
    chosen = []
    for i in range(n):
        j = max(sorted(free), key=lambda j: (score(i, j), j == i))
        free.discard(j)
        chosen.append(j)
    return tuple(chosen)
