"""Neural-network building blocks: the activation catalog, the loss catalog, a dense network
with its forward pass, and backpropagation through it.

``activations.parse("5 relu")`` reads an activation spec; ``losses.parse("half_sse")`` a
loss name; ``network`` holds the layers and the forward pass, ``backward`` the δ terms,
gradients and update step. All work on exact SymPy values (numbers for a network, symbols
for closed forms) and never round, except that a numeric network carries its irrational
values as long Floats (``network.CARRIED_DIGITS``).
"""
