"""The pure core: deck model, citations, diagnostics, grading, scheduling. No Textual, YAML or sqlite here."""
