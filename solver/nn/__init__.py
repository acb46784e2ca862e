"""Neural-network building blocks: the activation catalog and the loss catalog.

``activations.parse("5 relu")`` reads an activation spec; ``losses.parse("half_sse")`` a
loss name. Both work on exact SymPy values (numbers for a network, symbols for closed
forms) and never round.
"""
