"""Problem-set specs: strict YAML in, validated problems out."""
