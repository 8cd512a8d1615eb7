"""One module per screen of the study app."""
