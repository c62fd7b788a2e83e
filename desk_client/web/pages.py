"""What each page says, and the HTML of it (Jinja2 templates in ``web/templates``).

The page is in Chinese: the citizen reads it on a phone in a Chinese hall. Refusals take their
wording from the message catalogue (``rating.*`` codes); the headings and advice around them
are the page's own copy, kept here. Nothing about the citizen or the staff member is shown:
the hall's name and the window number only.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from desk_client.core.errors import DeskError
from desk_client.core.messages import translate
from desk_client.core.ratings import (
    COMMENT_MAX,
    INDICATORS,
    LEVELS,
    REASONS,
    indicator_name,
    level_name,
    reason_name,
)

LANGUAGE = "zh_CN"
CSS_PATH = "/rate/static/rating.css"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    auto_reload=False,
    undefined=jinja2.StrictUndefined,
)


@dataclass(frozen=True)
class Outcome:
    """A page that is not the form: its HTTP status, heading, tone and what to do next."""

    status: int
    heading: str
    tone: str  # good | bad | neutral: the heading's colour
    advice: tuple[str, ...]


_RESCAN = "请扫描窗口提供的评价二维码重新进入。"
_HOTLINE = "如需反映意见，可向大厅服务台或 12345 政务服务便民热线反映。"
OUTCOMES: dict[str, Outcome] = {
    "thanks": Outcome(
        200,
        "感谢您的评价",
        "good",
        ("您的评价已提交，我们会认真改进服务。", "对不满意的评价，大厅将安排专人核实整改。"),
    ),
    "used": Outcome(410, "本次服务已评价", "neutral", ("每次服务只能评价一次，无需重复提交。",)),
    "expired": Outcome(410, "评价链接已过期", "bad", (_HOTLINE,)),
    "malformed": Outcome(400, "无法识别评价链接", "bad", (_RESCAN,)),
    "forged": Outcome(400, "评价链接无效", "bad", ("链接可能被改动。" + _RESCAN,)),
    "wrong_hall": Outcome(400, "评价链接不属于本大厅", "bad", (_RESCAN,)),
    "unknown_hall": Outcome(400, "评价链接不属于本大厅", "bad", (_RESCAN,)),
    "csrf": Outcome(
        403,
        "表单已失效，请重新打开评价链接",
        "bad",
        ("为保护您的评价，本次提交未被接受，也未记录任何评价。",),
    ),
    "limited": Outcome(429, "请求过于频繁", "bad", ("请稍等一分钟后再试。",)),
    "unavailable": Outcome(
        503, "系统繁忙，暂时无法评价", "bad", ("本次未记录任何评价，请稍后重新打开评价链接。",)
    ),
    "not_found": Outcome(404, "页面不存在", "bad", (_RESCAN,)),
    "bad_request": Outcome(400, "无法处理该请求", "bad", ("本次未记录任何评价。" + _RESCAN,)),
    "too_large": Outcome(
        413, "提交的内容过长", "bad", ("意见建议最多 200 字，请精简后重新提交。",)
    ),
}
#: The catalogue's sentence under each outcome's heading.
DETAIL_CODES = {
    "used": "rating.token_used",
    "expired": "rating.token_expired",
    "malformed": "rating.token_malformed",
    "forged": "rating.token_forged",
    "wrong_hall": "rating.token_wrong_hall",
    "unknown_hall": "rating.token_unknown_hall",
    "csrf": "rating.csrf",
    "limited": "rating.rate_limited",
}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str | Markup
    checked: bool


def tile_label(name: str) -> Markup:
    """A level's name for its narrow tile: 非常<wbr>不满意 breaks after the adverb, never
    inside a word (the tiles keep CJK words whole with ``word-break: keep-all``)."""
    if len(name) <= 3:
        return Markup.escape(name)
    return Markup("{}<wbr>{}").format(name[:2], name[2:])


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    choices: tuple[Choice, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Answers:
    """What the citizen sent, kept as sent so the form shows it again after a problem."""

    levels: Mapping[str, str]
    reasons: tuple[str, ...]
    comment: str

    @staticmethod
    def empty() -> Answers:
        return Answers({}, (), "")


@dataclass(frozen=True)
class Header:
    """The top of every page: the hall and the window (never a person)."""

    hall_name: str = ""
    window: int = 0


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    return "" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _render(template: str, header: Header, **context: object) -> str:
    values = {"hall_name": header.hall_name, "window": header.window, "css": CSS_PATH}
    return _ENV.get_template(template).render(**values, **context)


def _messages(problems: Iterable[tuple[str, str]], field: str) -> tuple[str, ...]:
    return tuple(translate(code, LANGUAGE) for name, code in problems if name == field)


def _indicator(key: str, answers: Answers, problems: Sequence[tuple[str, str]]) -> Indicator:
    sent = answers.levels.get(key, "")
    choices = tuple(
        Choice(str(lv), tile_label(level_name(lv, LANGUAGE)), str(lv) == sent) for lv in LEVELS
    )
    return Indicator(key, indicator_name(key, LANGUAGE), choices, _messages(problems, key))


def _field_label(field: str) -> str:
    if field in INDICATORS:
        return indicator_name(field, LANGUAGE)
    return {"reasons": "不满意原因", "comment": "意见建议"}.get(field, "")


def _summary_lines(problems: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    lines = []
    for field, code in problems:
        label = _field_label(field)
        text = translate(code, LANGUAGE)
        lines.append(f"{label}：{text}" if label else text)
    return tuple(lines)


def _fields(answers: Answers, problems: Sequence[tuple[str, str]]) -> Markup:
    """The indicators and the reasons, with the citizen's choices and each field's problems."""
    reasons = tuple(
        Choice(code, reason_name(code, LANGUAGE), code in answers.reasons) for code in REASONS
    )
    html = _ENV.get_template("fields.html").render(
        indicators=tuple(_indicator(key, answers, problems) for key in INDICATORS),
        reasons=reasons,
        comment=answers.comment,
        comment_max=COMMENT_MAX,
        reason_problems=_messages(problems, "reasons"),
        comment_problems=_messages(problems, "comment"),
    )
    return Markup(html)  # already escaped: rendered by the autoescaping environment


@functools.cache
def _blank_fields() -> Markup:
    """A fresh form's fields are the same for every code: rendered once per process."""
    return _fields(Answers.empty(), ())


def form_page(
    header: Header,
    *,
    action: str,
    csrf: str,
    expires: str,
    answers: Answers,
    problems: Sequence[tuple[str, str]] = (),
) -> str:
    """The rating form; with ``problems`` every one at the top and at its field."""
    blank = not problems and answers == Answers.empty()
    return _render(
        "form.html",
        header,
        title="服务评价",
        action=action,
        csrf=csrf,
        expires=expires,
        fields=_blank_fields() if blank else _fields(answers, problems),
        problems=_summary_lines(problems),
        summary=translate("rating.form_invalid", LANGUAGE, count=len(problems)),
    )


def outcome_page(
    kind: str, header: Header, error: DeskError | None = None, **params: object
) -> tuple[int, str]:
    """(status, HTML) of a page that is not the form.

    The detail line is ``error``'s message when given, else the kind's catalogue sentence
    filled with ``params`` (``expires`` for an expired code).
    """
    outcome = OUTCOMES[kind]
    if error is not None:
        detail = error.message(LANGUAGE)
    else:
        code = DETAIL_CODES.get(kind)
        detail = translate(code, LANGUAGE, **params) if code else ""
    html = _render(
        "message.html",
        header,
        title=outcome.heading,
        heading=outcome.heading,
        tone=outcome.tone,
        detail=detail,
        advice=outcome.advice,
    )
    return outcome.status, html
