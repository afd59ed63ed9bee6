"""Problem packages: loading them into immutable models, finding them, validating them."""
