"""Knowledge checks: the question bank, grading, GIFT import/export and item statistics.

The public names are re-exported here; implementation lives in the sibling modules.
Storage and the live classroom are separate modules that build on these.
"""

from __future__ import annotations

from deploycore.quiz.grading import (
    CBM_MARKS_RIGHT,
    CBM_MARKS_WRONG,
    CBM_MAX_MARK,
    CONFIDENCE_LABELS,
    AttemptScore,
    Confidence,
    GradedAnswer,
    OptionFeedback,
    Response,
    cbm_mark,
    grade,
    option_permutation,
    pick_questions,
    score_attempt,
    shuffled_options,
)
from deploycore.quiz.models import (
    DIFFICULTIES,
    KINDS,
    QUESTION_TYPES,
    TOPIC_SECTIONS,
    TOPICS,
    TRUE_FALSE_OPTION_IDS,
    Difficulty,
    NumericAnswer,
    Option,
    Question,
    QuestionBank,
    QuestionKind,
    QuestionType,
    Topic,
)

__all__ = [
    "AttemptScore",
    "CBM_MARKS_RIGHT",
    "CBM_MARKS_WRONG",
    "CBM_MAX_MARK",
    "CONFIDENCE_LABELS",
    "Confidence",
    "DIFFICULTIES",
    "Difficulty",
    "GradedAnswer",
    "KINDS",
    "NumericAnswer",
    "Option",
    "OptionFeedback",
    "QUESTION_TYPES",
    "Question",
    "QuestionBank",
    "QuestionKind",
    "QuestionType",
    "Response",
    "TOPICS",
    "TOPIC_SECTIONS",
    "TRUE_FALSE_OPTION_IDS",
    "Topic",
    "cbm_mark",
    "grade",
    "option_permutation",
    "pick_questions",
    "score_attempt",
    "shuffled_options",
]
