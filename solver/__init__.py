"""hwsolver: exact solutions, step by step, for machine-learning maths homework."""

__version__ = "0.1.0"
