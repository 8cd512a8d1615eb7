"""Widgets the study app's screens share."""
