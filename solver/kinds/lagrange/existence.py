"""Whether f has a maximum and a minimum on the constraint set, by the argument a course
uses: a closed bounded set (an ellipse, a ball) makes both exist (extreme value theorem);
on an affine set x = x₀ + Nt, f becomes φ(t), whose leading part decides; f → +∞ in every
direction (a definite quadratic) makes a minimum exist on any closed set; otherwise the
candidates' values are constrained-stationary values only."""

from __future__ import annotations

import re
from itertools import product

import sympy

from solver.exact import sign_of
from solver.kinds.lagrange.read import LagrangeInputs
from solver.kinds.lagrange.steps import LagrangeExistence
from solver.render.printing import plain
from solver.second_derivative import classify

ATTAINED, UNBOUNDED, UNDECIDED, INFEASIBLE = "attained", "unbounded", "undecided", "infeasible"
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_WORD = {"max": ("maximum", "above", "+∞"), "min": ("minimum", "below", "−∞")}


def words(expr) -> str:
    """An expression in running text: 10y, x·y, − for minus."""
    text = re.sub(r"(\d)\*([A-Za-z(])", r"\1\2", plain(expr))
    text = re.sub(r"\^(\d+)", lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    return text.replace("**", "^").replace("*", "·").replace("-", "−")


def _quadratic_type(h: sympy.Expr, wrt) -> str | None:
    """minimum/maximum/saddle/degenerate of a polynomial of degree 2 in all of wrt (its
    constant Hessian), None for anything else."""
    if not h.is_polynomial(*wrt) or sympy.Poly(h, *wrt).total_degree() != 2:
        return None
    return classify(sympy.hessian(h, wrt))[0]


def _bounding_constraint(inputs: LagrangeInputs):
    """A constraint whose set is bounded: a definite quadratic g = c, or g ≤ c with g's
    quadratic part positive definite (an ellipse, an ellipsoid, a disc, a ball), on its
    own or on the affine set the linear equalities leave (a plane cutting a cylinder)."""
    wrt, at = inputs.wrt, {}
    linear = [c.excess for c in inputs.equalities if c.excess.is_polynomial(*wrt)
              and sympy.Poly(c.excess, *wrt).total_degree() == 1]
    if linear:
        solutions = sympy.linsolve(linear, list(wrt))
        if solutions != sympy.S.EmptySet:
            at = dict(zip(wrt, next(iter(solutions)), strict=True))
    free = tuple(v for v in wrt if any(sympy.sympify(e).has(v) for e in at.values())) \
        if at else wrt
    for constraint in inputs.constraints:
        h = constraint.excess if constraint.equality else constraint.upper
        for substituted, variables, cut in ((h, wrt, False),
                                            (h.subs(at, simultaneous=True), free, True)):
            if not variables:
                continue
            kind = _quadratic_type(sympy.expand(substituted), variables)
            if kind == "minimum" or (constraint.equality and kind == "maximum"):
                return constraint, cut
    return None


def existence(inputs: LagrangeInputs) -> LagrangeExistence:
    bounding = _bounding_constraint(inputs)
    if bounding is not None:
        reason = ("the constraint set is closed and bounded (compact), so the continuous f "
                  "attains its {word} there (extreme value theorem)")
        return _record("compact", {goal: ATTAINED for goal in _WORD}, reason,
                       bounding=bounding[0], cut=bounding[1])
    if all(c.equality and c.excess.is_polynomial(*inputs.wrt)
           and sympy.Poly(c.excess, *inputs.wrt).total_degree() == 1
           for c in inputs.constraints):
        return _affine(inputs)
    found = _coercive(inputs, "none")
    curve = _curve(inputs)
    if curve is None:
        return found
    t, y, restricted, limits = curve
    verdicts, reasons = dict(found.verdicts), dict(found.reasons)
    for goal, infinity in (("max", sympy.oo), ("min", -sympy.oo)):
        if infinity in limits:
            word, side, _ = _WORD[goal]
            verdicts[goal] = UNBOUNDED
            reasons[goal] = (f"on the constraint set {words(y)} = {words(restricted[1])}, "
                             f"f = {words(restricted[0])} is unbounded {side} (it tends to "
                             f"{'+∞' if infinity > 0 else '−∞'} as {limits[infinity]}), so f "
                             f"has no {word} there")
    if UNBOUNDED not in verdicts.values():
        return found
    approaches = tuple((goal, limits[infinity]) for goal, infinity in
                       (("max", sympy.oo), ("min", -sympy.oo)) if infinity in limits)
    return LagrangeExistence(argument="curve", verdicts=tuple(verdicts.items()),
                             reasons=tuple(reasons.items()), parameters=(t,),
                             parametrisation=restricted[1:], variables=(y,),
                             restricted=restricted[0], approaches=approaches)


def _curve(inputs: LagrangeInputs):
    """One equality a(t)·y + b(t) = c in two variables, solved as y = (c − b(t))/a(t): f
    along it, φ(t), and where φ → ±∞ (t → ±∞, or t at a zero of a). None when the
    constraint is not of that form."""
    if len(inputs.wrt) != 2 or len(inputs.constraints) != 1 \
            or not inputs.constraints[0].equality:
        return None
    h = inputs.constraints[0].excess
    for t, y in (inputs.wrt, inputs.wrt[::-1]):
        if not h.is_polynomial(*inputs.wrt) or sympy.degree(h, y) != 1:
            continue
        a, b = sympy.Poly(h, y).all_coeffs()
        along = sympy.cancel(-b / a)
        phi = sympy.cancel(inputs.f.subs(y, along))
        if not phi.is_rational_function(t):
            continue
        approaches = [(t, sympy.oo, "+"), (t, -sympy.oo, "+")]
        approaches += [(t, r, side) for r in sympy.Poly(sympy.denom(phi), t).real_roots()
                       for side in "+-"]
        limits = {}
        for _, point, side in approaches:
            try:
                value = sympy.limit(phi, t, point, side)
            except (NotImplementedError, ValueError, TypeError):
                continue
            if value in (sympy.oo, -sympy.oo):
                limits.setdefault(value, f"{t} → " + (
                    ("∞" if point > 0 else "−∞") if point.is_infinite else
                    f"{words(point)} from {'above' if side == '+' else 'below'}"))
        return t, y, (phi, along), limits
    return None


def _record(argument: str, verdicts: dict, reason, **details) -> LagrangeExistence:
    reasons = {}
    for goal, verdict in verdicts.items():
        text = reason(goal, verdict) if callable(reason) else reason
        reasons[goal] = text.format(word=_WORD[goal][0])
    return LagrangeExistence(argument=argument, verdicts=tuple(verdicts.items()),
                             reasons=tuple(reasons.items()),
                             constraint=details.get("bounding"),
                             parameters=details.get("parameters", ()),
                             parametrisation=details.get("parametrisation", ()),
                             variables=details.get("variables", ()),
                             restricted=details.get("restricted"),
                             quadratic=details.get("quadratic"),
                             cut=details.get("cut", False))


def _affine(inputs: LagrangeInputs) -> LagrangeExistence:
    """x = x₀ + Nt on the affine set; φ(t) = f(x₀ + Nt)."""
    wrt = inputs.wrt
    solutions = sympy.linsolve([c.excess for c in inputs.constraints], list(wrt))
    if solutions == sympy.S.EmptySet:
        return _record("affine", {g: INFEASIBLE for g in _WORD},
                       "the constraints have no common point")
    (solution,) = solutions
    parameters = tuple(v for v in wrt if any(e.has(v) for e in solution))
    restricted = sympy.expand(inputs.f.subs(dict(zip(wrt, solution, strict=True)),
                                            simultaneous=True))
    details = {"parameters": parameters, "parametrisation": tuple(solution), "variables": wrt,
               "restricted": restricted}
    if not parameters:
        return _record("point", {g: ATTAINED for g in _WORD},
                       "the constraints leave a single point", **details)
    if not restricted.is_polynomial(*parameters):
        return _coercive(inputs, "affine", details)
    poly = sympy.Poly(restricted, *parameters)
    degree = poly.total_degree()
    if degree <= 0:
        return _record("affine", {g: ATTAINED for g in _WORD},
                       "f is constant on the constraint set", **details)
    top = sum((c * sympy.prod(p**e for p, e in zip(parameters, m, strict=True))
               for m, c in poly.terms() if sum(m) == degree), sympy.S.Zero)
    details["quadratic"] = top
    up, down = _directions(top, parameters, degree)
    verdicts = {}
    for goal, unbounded_side in (("max", up), ("min", down)):
        if unbounded_side:
            verdicts[goal] = UNBOUNDED
        elif (goal == "max" and down is True and _definite(top, parameters, degree, -1)) or \
                (goal == "min" and up is True and _definite(top, parameters, degree, 1)):
            verdicts[goal] = ATTAINED
        else:
            verdicts[goal] = UNDECIDED
    shown = words(restricted)

    def reason(goal, verdict):
        word, side, infinity = _WORD[goal]
        if verdict == UNBOUNDED:
            return (f"on the constraint set f = {shown} is unbounded {side} (its leading part "
                    f"{words(top)} tends to {infinity} along a direction), so f has no {word} "
                    f"there")
        if verdict == ATTAINED:
            return (f"on the constraint set f = {shown}, which tends to "
                    f"{_WORD['min' if goal == 'max' else 'max'][2]} in every direction, "
                    f"so the {word} exists and is at a stationary point")
        return (f"on the constraint set f = {shown}; its leading part does not decide "
                f"whether the {word} exists, so the candidate value is a constrained-"
                f"stationary value only")

    return _record("affine", verdicts, reason, **details)


def _directions(top, parameters, degree) -> tuple[bool, bool]:
    """Whether the leading part takes a positive / a negative value (then φ is unbounded
    above / below along that direction)."""
    if degree % 2 == 1:
        return True, True
    if degree == 2:
        _, eigenvalues, _ = classify(sympy.hessian(top, parameters))
        signs = {sign_of(e) for e in eigenvalues}
        return 1 in signs, -1 in signs
    signs = set()
    for direction in product((-1, 0, 1, 2), repeat=len(parameters)):
        signs.add(sign_of(top.subs(dict(zip(parameters, direction, strict=True)))))
    return 1 in signs, -1 in signs


def _definite(top, parameters, degree, sign) -> bool:
    """The leading part is definite with the given sign (then φ → sign·∞ in every
    direction): a definite quadratic, or c·t^d with d even for one parameter."""
    if degree == 2:
        kind = classify(sympy.hessian(top, parameters))[0]
        return kind == ("minimum" if sign > 0 else "maximum")
    if len(parameters) == 1 and degree % 2 == 0:
        return sign_of(sympy.Poly(top, *parameters).LC()) == sign
    return False


def _coercive(inputs: LagrangeInputs, argument: str, details=None) -> LagrangeExistence:
    """f a definite quadratic: f → +∞ (−∞) as ‖x‖ → ∞, so on a closed set the minimum
    (maximum) exists; the other extreme is not decided."""
    kind = _quadratic_type(sympy.expand(inputs.f), inputs.wrt)
    verdicts = {"max": UNDECIDED, "min": UNDECIDED}
    if kind == "minimum":
        verdicts["min"] = ATTAINED
    elif kind == "maximum":
        verdicts["max"] = ATTAINED

    def reason(goal, verdict):
        word = _WORD[goal][0]
        if verdict == ATTAINED:
            infinity = _WORD["max" if goal == "min" else "min"][2]
            return (f"as a definite quadratic, f tends to {infinity} as ‖x‖ → ∞, and the "
                    f"constraint set is closed, so the {word} exists")
        return (f"the constraint set is not shown to be bounded, so the extreme candidate "
                f"value is only a constrained-stationary value, not shown to be the {word}")

    return _record("coercive" if ATTAINED in verdicts.values() else argument, verdicts, reason,
                   **(details or {}))
