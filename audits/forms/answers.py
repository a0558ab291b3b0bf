"""Forms for answering a case: a question's answer, the overall judgement, and a theme's
section saved together. Every note field goes through the identifier check (``audits.notes``).

An answer or judgement form carries the version the auditor started from and a digest of
what they were shown. The digest lets the no-JavaScript Save button skip what the auditor did
not touch, so a co-auditor's newer answer to another question is never mistaken for a
conflict; the version makes a stale save fail instead of overwriting, and the conflict is
shown side by side until the auditor keeps theirs, keeps the other, or merges the two.
"""

from __future__ import annotations

from django import forms

from ..completeness import JUDGEMENT_SECTION
from ..models import CaseAuditError, Question
from ..models.casework import answer_digest, state_digest
from ..notes import IdentifierCheckedForm
from ..services import casework as services
from . import answer_kinds as kinds

_NOTE_ROWS = 4


def level_choices(levels) -> list[tuple[str, str]]:
    return [(level.key, level.label) for level in levels]


def _display(value) -> str:
    return value if value not in (None, "") else "Not answered"


class VersionedForm(IdentifierCheckedForm, forms.Form):
    """One stored row's fields, the version they started from and a digest of them."""

    note_fields: tuple[str, ...] = ()
    labels: dict[str, str] = {}

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    digest = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, stored=None, prefix: str, **kwargs):
        self.stored = stored
        self.key = prefix
        super().__init__(data, prefix=prefix, initial=self.initial_from(stored), **kwargs)
        self.untouched = False
        self.conflict: Conflict | None = None
        self.merging = False

    # Subclasses say what their row holds.
    def initial_from(self, stored) -> dict:
        return {
            "version": stored.version if stored else 0,
            "digest": stored.digest if stored else self.empty_digest(),
        }

    def empty_digest(self) -> str:
        raise NotImplementedError

    def digest_of(self, cleaned: dict) -> str:
        raise NotImplementedError

    def display(self, values: dict) -> list[tuple[str, str]]:
        """(label, value) rows for one side of a conflict."""
        raise NotImplementedError

    def clean(self):
        cleaned = self.cleaned_data
        posted = cleaned.get("digest")
        self.untouched = bool(posted) and posted == self.digest_of(cleaned)
        # Text already stored passed the identifier check (or was confirmed) when it was
        # saved: only new text is checked, so a confirmed note is not flagged on every save.
        self.identifier_checked_fields = (
            ()
            if self.untouched
            else tuple(
                name
                for name in self.note_fields
                if (cleaned.get(name) or "") != (self.initial.get(name) or "")
            )
        )
        return super().clean()

    def save(self, *, case, by):
        stored = self.store(case=case, by=by)
        self.record_confirmations(stored, by)
        return stored

    def store(self, *, case, by):
        raise NotImplementedError

    @property
    def suspect_fields(self) -> set[str]:
        return set(self.suspects)

    def field_values(self) -> dict:
        """What the form holds now, by bare field name (posted data when bound)."""
        return {name: self[name].value() for name in self.fields}


class AnswerForm(VersionedForm):
    """One question's answer, in the fields its kind needs (``answer_kinds``), with an
    evidence note for every kind but free text."""

    def __init__(self, data=None, *, question, levels, answer=None, **kwargs):
        self.question = question
        self.levels = {level.key: level for level in levels}
        self.kind = question.answer_kind
        self.is_text = self.kind == Question.AnswerKind.TEXT
        self.is_rated = self.kind == Question.AnswerKind.SCALE
        self.note_fields = ("text",) if self.is_text else ("note",)
        super().__init__(data, stored=answer, prefix=question.key, **kwargs)
        self.fields.update(kinds.answer_fields(question, levels))
        if not self.is_text:
            self.fields["note"] = forms.CharField(
                label="Evidence note",
                required=False,
                widget=forms.Textarea(attrs={"rows": _NOTE_ROWS}),
            )

    @property
    def level_options(self) -> list[tuple[str, str, str, bool]]:
        """(input id, value, label, checked) for each radio, worked out once for the template."""
        return self._options("level")

    @property
    def choice_options(self) -> list[tuple[str, str, str, bool]]:
        """(input id, value, label, checked) for each option of a choice question."""
        return self._options("choices" if "choices" in self.fields else "choice")

    def _options(self, name) -> list[tuple[str, str, str, bool]]:
        field = self[name]
        chosen, first_id = field.value(), field.auto_id
        chosen = set(chosen) if isinstance(chosen, list | tuple) else {chosen}
        return [
            (first_id if n == 1 else f"{first_id}-{n}", value, label, value in chosen)
            for n, (value, label) in enumerate(self.fields[name].choices, start=1)
        ]

    @property
    def choice_field(self):
        return self["choices" if self.is_multiple else "choice"]

    @property
    def is_multiple(self) -> bool:
        return self.kind == Question.AnswerKind.MULTIPLE

    @property
    def allows_not_applicable(self) -> bool:
        return "not_applicable" in self.fields

    @property
    def none_of_these_key(self) -> str:
        return next((c.key for c in self.question.choices if c.none_of_these), "")

    @property
    def note_hint(self) -> str:
        needing = [level.label for level in self.levels.values() if level.needs_note]
        if not needing:
            return "What on the file supports the answer."
        listed = ", ".join(needing[:-1]) + (" or " if len(needing) > 1 else "") + needing[-1]
        return f"Needed when the answer is {listed}: what on the file supports it."

    def initial_from(self, answer) -> dict:
        initial = super().initial_from(answer)
        keys = {level.pk: key for key, level in self.levels.items()}
        initial.update(kinds.stored_values(self.question, answer, keys))
        return initial

    def empty_digest(self) -> str:
        return answer_digest(None, "", "")

    def _level(self, key):
        return self.levels.get(key) if key else None

    def clean(self):
        cleaned = super().clean()
        problem = kinds.check_together(self.question, cleaned)
        if problem:
            self.add_error(None, problem)
        return cleaned

    def _answer(self, cleaned) -> dict:
        """The answer's stored values from the cleaned fields."""
        level = self._level(cleaned.get("level"))
        choice = cleaned.get("choice")
        return {
            "level": level,
            "text": cleaned.get("text", ""),
            "note": cleaned.get("note", ""),
            "choices": list(cleaned.get("choices") or ([choice] if choice else [])),
            "number": cleaned.get("number"),
            "date": cleaned.get("date"),
            "not_applicable": bool(cleaned.get("not_applicable")),
        }

    def digest_of(self, cleaned) -> str:
        answer = self._answer(cleaned)
        level = answer.pop("level")
        return answer_digest(
            level.pk if level else None, answer.pop("text"), answer.pop("note"), **answer
        )

    def store(self, *, case, by):
        return services.save_answer(
            case=case,
            question=self.question,
            version=self.cleaned_data["version"],
            by=by,
            **self._answer(self.cleaned_data),
        )

    def display(self, values) -> list[tuple[str, str]]:
        if self.is_text and not self.question.allows_not_applicable:
            return [("Answer", _display(values.get("text")))]
        rows = [("Answer", kinds.shown(self.question, values, self.levels))]
        if not self.is_text:
            rows.append(("Evidence note", _display(values.get("note"))))
        return rows

    def values_of(self, answer) -> dict:
        """Field values (by bare name) for a stored answer."""
        initial = self.initial_from(answer)
        names = ("level", "text", "note", *kinds.ANSWER_FIELDS)
        values = {name: initial.get(name, "") for name in dict.fromkeys(names)}
        values["not_applicable"] = "on" if initial.get("not_applicable") else ""
        return values


class JudgementForm(VersionedForm):
    """The case's overall judgement with a rationale, one strength and one thing to improve."""

    note_fields = ("rationale", "strength", "improvement")

    rationale = forms.CharField(
        label="Rationale",
        help_text=(
            "In two or three sentences, link the judgement to the evidence and name the themes"
            " that carried most weight. No names of the person or the worker."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": _NOTE_ROWS}),
    )
    strength = forms.CharField(
        label="One strength",
        help_text=(
            "One specific piece of good practice others in the region could learn from, and where"
            " in the file it is shown. Describe the practice, not the worker."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    improvement = forms.CharField(
        label="One thing to improve",
        help_text=(
            "The single change that would have made the most difference for the person, put so"
            " the host council can act on it. Say if it reflects a pattern in other cases."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, *, levels, judgement=None, **kwargs):
        self.levels = {level.key: level for level in levels}
        super().__init__(data, stored=judgement, prefix=JUDGEMENT_SECTION, **kwargs)
        self.fields["level"] = forms.ChoiceField(
            label="Overall judgement of the practice on this case",
            choices=level_choices(levels),
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Choose one of the judgements offered"},
        )

    def initial_from(self, judgement) -> dict:
        initial = super().initial_from(judgement)
        if judgement:
            keys = {level.pk: key for key, level in self.levels.items()}
            initial.update(
                level=keys.get(judgement.level_id, ""),
                rationale=judgement.rationale,
                strength=judgement.strength,
                improvement=judgement.improvement,
            )
        return initial

    def empty_digest(self) -> str:
        return state_digest(None, "", "", "")

    def _level(self, key):
        return self.levels.get(key) if key else None

    def digest_of(self, cleaned) -> str:
        level = self._level(cleaned.get("level"))
        return state_digest(
            level.pk if level else None,
            cleaned.get("rationale", ""),
            cleaned.get("strength", ""),
            cleaned.get("improvement", ""),
        )

    def store(self, *, case, by):
        data = self.cleaned_data
        return services.save_judgement(
            case=case,
            level=self._level(data.get("level")),
            rationale=data.get("rationale", ""),
            strength=data.get("strength", ""),
            improvement=data.get("improvement", ""),
            version=data["version"],
            by=by,
        )

    def display(self, values) -> list[tuple[str, str]]:
        level = self._level(values.get("level"))
        return [
            ("Overall judgement", level.label if level else "Not answered"),
            ("Rationale", _display(values.get("rationale"))),
            ("One strength", _display(values.get("strength"))),
            ("One thing to improve", _display(values.get("improvement"))),
        ]

    def values_of(self, judgement) -> dict:
        initial = self.initial_from(judgement)
        return {
            name: initial.get(name, "")
            for name in ("level", "rationale", "strength", "improvement")
        }


class Conflict:
    """A save refused because someone saved first: theirs (stored) beside yours (typed)."""

    def __init__(self, form: VersionedForm, theirs, mine: dict):
        self.form = form
        self.theirs = theirs
        self.by = theirs.updated_by
        self.at = theirs.updated_at
        self.rows = [
            (label, their_value, my_value)
            for (label, their_value), (_, my_value) in zip(
                form.display(form.values_of(theirs)), form.display(mine), strict=True
            )
        ]


class SectionForms:
    """The forms of one section (a theme's questions, or the judgement), saved together by
    the Save button that works without JavaScript.

    A refused stale save opens a conflict for that question: it stays unsaved, with theirs
    shown beside the auditor's own text, until they keep mine, keep theirs, or edit a merged
    text from both. ``open_conflicts`` carries the open ones from one request to the next.
    """

    def __init__(self, forms_: list[VersionedForm], data=None):
        self.forms = forms_
        self.data = data
        self.by_key = {form.key: form for form in forms_}
        self.conflicts: dict[str, Conflict] = {}
        self.refusal: str | None = None

    @classmethod
    def for_theme(cls, data, *, state, theme) -> SectionForms:
        data = data.copy() if data is not None else None
        return cls(
            [
                AnswerForm(
                    data,
                    question=question,
                    levels=state.scale_levels.get(question.scale_id, []),
                    answer=state.answers.get(question.pk),
                )
                for question in state.questions_in(theme)
            ],
            data,
        )

    @classmethod
    def for_judgement(cls, data, *, state) -> SectionForms:
        data = data.copy() if data is not None else None
        form = JudgementForm(data, levels=state.judgement_levels, judgement=state.judgement)
        return cls([form], data)

    def _open(self, form: VersionedForm) -> None:
        """Show a conflict with what is stored now; the next save of it starts from there."""
        current = form.stored
        form.conflict = Conflict(form, current, form.field_values())
        self.conflicts[form.key] = form.conflict
        self.data[form.add_prefix("version")] = current.version
        self.data[form.add_prefix("digest")] = current.digest

    def _reset(self, form: VersionedForm) -> None:
        """Keep theirs: the question shows what is stored, as if freshly opened."""
        kwargs = {"levels": list(form.levels.values())}
        if isinstance(form, AnswerForm):
            fresh = AnswerForm(None, question=form.question, answer=form.stored, **kwargs)
        else:
            fresh = JudgementForm(None, judgement=form.stored, **kwargs)
        self.forms[self.forms.index(form)] = fresh
        self.by_key[form.key] = fresh

    def _merge(self, form: VersionedForm) -> None:
        """Start an edited text from both: mine, then theirs, in each note field."""
        theirs = form.values_of(form.stored)
        form.merging = True
        for name in form.note_fields:
            mine = (self.data.get(form.add_prefix(name)) or "").strip()
            other = (theirs.get(name) or "").strip()
            if other and other != mine:
                self.data[form.add_prefix(name)] = f"{mine}\n\n{other}".strip()

    def save(self, *, case, by, action: dict) -> bool:
        """Save what changed; True when everything is saved and nothing is left open."""
        open_keys = {
            key for key in action.get("open_conflicts", "").split(",") if key in self.by_key
        }
        keep_mine, keep_theirs, merge = (
            action.get(name) for name in ("keep_mine", "keep_theirs", "merge")
        )
        if keep_theirs in self.by_key:
            open_keys.discard(keep_theirs)
            self._reset(self.by_key[keep_theirs])
        if merge in self.by_key:
            self._merge(self.by_key[merge])
        open_keys.discard(keep_mine)
        valid = [form.is_valid() for form in self.forms if form.is_bound]
        for key in open_keys:
            form = self.by_key[key]
            if form.stored is not None:
                self._open(form)
        if not all(valid):
            return False
        for form in self.forms:
            if form.key in open_keys or form.untouched or not form.is_bound:
                continue
            try:
                form.save(case=case, by=by)
            except services.StaleVersion as stale:
                form.stored = stale.current
                self._open(form)
            except CaseAuditError as refusal:
                self.refusal = refusal.message
                return False
        return not self.conflicts

    @property
    def open_conflicts(self) -> str:
        return ",".join(self.conflicts)

    @property
    def errors(self) -> list[tuple[str, str]]:
        """(element id, message) for the error summary."""
        listed = []
        for form in self.forms:
            if not form.is_bound:
                continue
            for name, messages in form.errors.items():
                anchor = form[name].auto_id if name in form.fields else f"question-{form.key}"
                listed += [(anchor, message) for message in messages]
        return listed

    @property
    def has_problems(self) -> bool:
        return bool(self.refusal or self.conflicts or self.errors)
