"""Classroom use: exam papers chosen by seed, sittings saved as result files, and item analysis.

Nothing here imports Textual or opens the study store; the exam, projector and report screens in
:mod:`ketquiz.ui.screens` are thin layers over these modules.
"""

from ketquiz.classroom.analysis import ClassReport, ItemStats, StudentRow, analyse
from ketquiz.classroom.paper import Paper, PaperError, PaperItem, build_paper, eligible_cards
from ketquiz.classroom.results import ExamResult, ItemResult, ResultFormatError, ResultWriter, load_results
from ketquiz.classroom.session import ExamOver, ExamSession

__all__ = [
    "ClassReport",
    "ExamOver",
    "ExamResult",
    "ExamSession",
    "ItemResult",
    "ItemStats",
    "Paper",
    "PaperError",
    "PaperItem",
    "ResultFormatError",
    "ResultWriter",
    "StudentRow",
    "analyse",
    "build_paper",
    "eligible_cards",
    "load_results",
]
