"""The Textual study app. Nothing outside this package imports Textual."""
