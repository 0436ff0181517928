"""The corpus of real-world-shaped article pages (see templates.py and articles.py)."""
