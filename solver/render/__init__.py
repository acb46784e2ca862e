"""Rendering solved problem sets: LaTeX, PDF, Markdown and JSON."""
