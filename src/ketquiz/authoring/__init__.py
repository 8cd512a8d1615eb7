"""Tools for deck authors: new-deck scaffolding, quote lookup, source coverage and watching a deck for changes.

Everything here except the command-line and TUI edges works on plain text and the core deck model, so it can
be tested without files or a terminal.
"""
