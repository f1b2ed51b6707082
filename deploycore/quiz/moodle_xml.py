"""Moodle XML export of the question bank (Moodle's own richest format, beside GIFT).

Carries what GIFT cannot: answer numbering, shuffling, the short-answer case switch, units and
the bank's id as Moodle's `idnumber`. Writing only; questions come into the app as GIFT or YAML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from deploycore.quiz.gift.syntax import format_number
from deploycore.quiz.gift.writer import category_of
from deploycore.quiz.models import Question, QuestionBank

# Moodle XML's names for the text formats.
XML_FORMATS = {"moodle": "moodle_auto_format", "html": "html", "plain": "plain_text",
               "markdown": "markdown"}  # fmt: skip
XML_TYPES = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
             "short_answer": "shortanswer", "numeric": "numerical"}  # fmt: skip
# Moodle's defaults for a freshly made multiple-choice question.
ANSWER_NUMBERING = "abc"
SHUFFLE_ANSWERS = True
PENALTY = 0.3333333


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if fmt is not None:
        element.set("format", XML_FORMATS[fmt])
    ET.SubElement(element, "text").text = text
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str, fmt: str) -> ET.Element:
    answer = ET.SubElement(parent, "answer", fraction=format_number(fraction))
    answer.set("format", XML_FORMATS[fmt])
    ET.SubElement(answer, "text").text = text
    _text(answer, "feedback", feedback, fmt)
    return answer


def _question(quiz: ET.Element, question: Question) -> None:
    fmt = question.text_format
    element = ET.SubElement(quiz, "question", type=XML_TYPES[question.type])
    _text(element, "name", question.name or question.id)
    _text(element, "questiontext", question.prompt, fmt)
    _text(element, "generalfeedback", question.explanation, fmt)
    _value(element, "defaultgrade", "1")
    _value(element, "penalty", "1" if question.type == "true_false" else format_number(PENALTY))
    _value(element, "hidden", "0")
    _value(element, "idnumber", question.id)
    if question.type in ("single", "multiple"):
        _value(element, "single", "true" if question.type == "single" else "false")
        _value(element, "shuffleanswers", "true" if SHUFFLE_ANSWERS else "false")
        _value(element, "answernumbering", ANSWER_NUMBERING)
        for option in question.options:
            _answer(element, question.weight_of(option), option.text, option.explanation, fmt)
    elif question.type == "true_false":
        for option in question.options:
            _answer(element, question.weight_of(option), option.id, option.explanation, fmt)
    elif question.type == "short_answer":
        _value(element, "usecase", "1" if question.case_sensitive else "0")
        for option in question.options:
            _answer(element, question.weight_of(option), option.text, option.explanation, fmt)
    else:
        for number in question.numeric_answers:
            answer = _answer(element, number.weight, format_number(number.value),
                             number.feedback, fmt)  # fmt: skip
            _value(answer, "tolerance", format_number(number.tolerance))
        if question.other_feedback:
            _answer(element, 0, "*", question.other_feedback, fmt)
        unit = question.numeric.unit if question.numeric else ""
        if unit:
            units = ET.SubElement(element, "units")
            one = ET.SubElement(units, "unit")
            _value(one, "multiplier", "1")
            _value(one, "unit_name", unit)
            _value(element, "unitgradingtype", "0")
            _value(element, "showunits", "3")  # the unit is shown after the input, not graded


def export_moodle_xml(bank: QuestionBank | Sequence[Question]) -> str:
    """Moodle XML for these questions, each under its category, as Moodle imports it."""
    questions = bank.questions if isinstance(bank, QuestionBank) else tuple(bank)
    quiz = ET.Element("quiz")
    category: str | None = None
    for question in questions:
        if category_of(question) != category:
            category = category_of(question)
            holder = ET.SubElement(quiz, "question", type="category")
            path = category if category.startswith("$") else f"$course$/top/{category}"
            _text(holder, "category", path)
        _question(quiz, question)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
