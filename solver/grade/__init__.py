"""Batch grading: a folder of submissions to a gradebook, feedback and a class report."""
