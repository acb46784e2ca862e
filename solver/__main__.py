"""``python -m solver`` runs the command line."""

from solver.cli import main

main()
