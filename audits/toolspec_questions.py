"""What a tool file must say about one question: its answer kind and what that kind needs
(a scale, options with stable keys, a number's limits), "not applicable", CQC tags."""

from __future__ import annotations

from auditportal.text import visible

from .cqc import QualityStatement
from .models import Question
from .toolcheck import Checker, describe, place
from .toolspec_conditions import read_show_when

K = Question.AnswerKind
QUESTION_FIELDS = (
    "key",
    "text",
    "guidance",
    "answer_kind",
    "scale",
    "options",
    "min",
    "max",
    "not_applicable",
    "required",
    "cqc",
    "show_when",
    "show_when_match",
)
OPTION_FIELDS = ("key", "label", "none_of_these")
KINDS = ", ".join(K.values)


def default_not_applicable(kind, scale_offers_it: bool) -> bool:
    """A question allows "Not applicable" unless the file says: a rated question when its
    scale has a Not applicable level (as before this was a choice per question), else not."""
    return kind == K.SCALE and scale_offers_it


def check_question(
    c: Checker, raw, where: str, scales: dict[str, bool], seen: dict[str, str]
) -> dict | None:
    """One question of a theme. ``scales`` says for each scale key whether it has a Not
    applicable level; ``seen`` holds the question keys used so far across the whole tool."""
    question = c.mapping(raw, where, "key, text, guidance, answer_kind and what it needs")
    if question is None:
        return None
    c.unknown(question, QUESTION_FIELDS, where)
    key = c.key(question, where, max_length=80)
    if key is not None:
        if key in seen:
            c.add(where, f"the key '{key}' is already used by {seen[key]}.")
        seen[key] = where
    kind = question.get("answer_kind")
    if kind is None:
        c.add(where, f"'answer_kind' is missing: give one of {KINDS}.")
    elif kind not in K.values:
        c.add(where, f"'answer_kind' must be one of {KINDS}, not {describe(kind)}.")
        kind = None
    scale = _check_scale(c, question, where, kind, scales)
    low, high = _check_limits(c, question, where, kind)
    options = _check_options(c, question, where, kind)
    cqc = _check_cqc(c, question, where)
    not_applicable = c.boolean(
        question,
        "not_applicable",
        where,
        default=default_not_applicable(kind, scales.get(scale, False)),
    )
    if kind == K.SCALE and not_applicable and scale in scales and not scales[scale]:
        c.add(
            where,
            f"'not_applicable' is true, but the scale '{scale}' has no level with "
            "'not_applicable: true': add one to the scale, or set 'not_applicable: false'.",
        )
    conditions, show_when = read_show_when(c, question, where)
    return {
        "key": key,
        "text": c.text(question, "text", where),
        "guidance": c.text(question, "guidance", where, required=False),
        "answer_kind": kind,
        "scale": scale,
        "required": c.boolean(question, "required", where, default=True),
        "cqc_statements": cqc,
        "allows_not_applicable": not_applicable,
        "number_min": low,
        "number_max": high,
        "options": options,
        "show_when": show_when,
        "conditions": conditions,
    }


def _check_scale(c: Checker, question: dict, where: str, kind, scales) -> str | None:
    scale = question.get("scale")
    if kind == K.SCALE:
        if scale is None:
            c.add(where, "'scale' is missing: a question rated on a scale names its scale.")
        elif not isinstance(scale, str) or scale not in scales:
            c.add(where, f"'scale' names an unknown scale '{visible(str(scale))}'.")
        else:
            return scale
    elif kind is not None and scale is not None:
        c.add(where, f"'scale' is given, but {_kind_words(kind)} question has no scale.")
    return None


def _kind_words(kind) -> str:
    return {
        K.TEXT: "a free-text",
        K.SINGLE: "a single-choice",
        K.MULTIPLE: "a tick-all-that-apply",
        K.YES_NO: "a yes/no",
        K.NUMBER: "a number",
        K.DATE: "a date",
    }[kind]


def _check_limits(c: Checker, question: dict, where: str, kind) -> tuple[int | None, int | None]:
    limits = []
    for name in ("min", "max"):
        if name not in question:
            limits.append(None)
        elif kind != K.NUMBER:
            if kind is not None:
                c.add(where, f"'{name}' is given, but only a number question has limits.")
            limits.append(None)
        else:
            limits.append(c.integer(question, name, where, minimum=-(2**31), maximum=2**31 - 1))
    low, high = limits
    if low is not None and high is not None and low > high:
        c.add(where, f"'min' ({low}) is larger than 'max' ({high}): swap them.")
    return low, high


def _check_options(c: Checker, question: dict, where: str, kind) -> list[dict]:
    if kind not in Question.WITH_OPTIONS:
        if "options" in question and kind is not None:
            words = "Yes and No are its answers" if kind == K.YES_NO else "it has no options"
            c.add(where, f"'options' is given, but {_kind_words(kind)} question: {words}.")
        return []
    raw_options = question.get("options")
    if not isinstance(raw_options, list):
        c.add(where, "'options' must list the answers to choose from, each with a key and label.")
        return []
    options, seen = [], set()
    for number, raw in enumerate(raw_options, start=1):
        o_where = f"{where}, {place('option', number, raw)}"
        option = c.mapping(raw, o_where, "key and label")
        if option is None:
            continue
        c.unknown(option, OPTION_FIELDS, o_where)
        key = c.key(option, o_where, max_length=50)
        if key is not None:
            if key in seen:
                c.add(o_where, f"the key '{key}' is used twice in this question.")
            seen.add(key)
        none_of_these = c.boolean(option, "none_of_these", o_where, default=False)
        if none_of_these and kind != K.MULTIPLE:
            c.add(o_where, "'none_of_these' is only for a tick-all-that-apply question.")
        options.append(
            {
                "key": key,
                "label": c.text(option, "label", o_where, max_length=200),
                "none_of_these": none_of_these,
            }
        )
    if sum(o["none_of_these"] for o in options) > 1:
        c.add(where, "only one option can be 'none_of_these'.")
    if len([o for o in options if not o["none_of_these"]]) < 2:
        c.add(where, "'options' needs at least two answers to choose from.")
    return options


def _check_cqc(c: Checker, question: dict, where: str) -> list[str]:
    cqc = question.get("cqc", [])
    if not isinstance(cqc, list) or not all(isinstance(k, str) for k in cqc):
        c.add(where, f"'cqc' must be a list of quality statement keys, not {describe(cqc)}.")
        return []
    for unknown in [k for k in cqc if k not in QualityStatement.values]:
        c.add(
            where,
            f"'cqc' names an unknown CQC quality statement '{visible(unknown)}'; "
            f"the keys are {', '.join(QualityStatement.values)}.",
        )
    return list(cqc)
