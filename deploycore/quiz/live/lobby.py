"""What an instructor picks and shows before a live session starts: the question sets on offer
and the join QR code. No session state here; that is `classroom.py`.
"""

from __future__ import annotations

import functools
import io

import qrcode
from pydantic import BaseModel, ConfigDict

from deploycore.quiz.models import TOPIC_SECTIONS, QuestionBank


class SetChoice(BaseModel):
    """A question set an instructor can run live."""

    model_config = ConfigDict(frozen=True)

    set_id: str
    title: str
    question_ids: tuple[str, ...]


def question_set_choices(bank: QuestionBank) -> list[SetChoice]:
    """The whole bank, then one set per lesson section that has questions."""
    choices = [
        SetChoice(
            set_id="all",
            title=f"All questions ({len(bank)})",
            question_ids=tuple(q.id for q in bank.questions),
        )
    ]
    for topic in bank.topics():
        part = bank.by_topic(topic)
        choices.append(
            SetChoice(
                set_id=f"topic-{topic}",
                title=f"{TOPIC_SECTIONS[topic]} ({len(part)})",
                question_ids=tuple(q.id for q in part.questions),
            )
        )
    return choices


@functools.lru_cache(maxsize=32)
def join_qr_png(url: str) -> bytes:
    """A QR code (PNG bytes) that opens `url`, for learners to scan from the projector."""
    image = qrcode.make(url, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
