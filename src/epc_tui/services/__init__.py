"""What the product does, without any user interface (no Textual imports)."""
