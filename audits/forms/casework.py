"""Forms for case audits: an answer, a theme's section, the judgement, moderation and double
rating. Every note field goes through the identifier check (``audits.notes``).

An answer or judgement form carries the version the auditor started from and a digest of
what they were shown. The digest lets the no-JavaScript Save button skip what the auditor did
not touch, so a co-auditor's newer answer to another question is never mistaken for a
conflict; the version makes a stale save fail instead of overwriting.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.db.models import Q

from auditportal.forms import page_form_helper

from ..completeness import JUDGEMENT_SECTION
from ..models import CaseAuditError, CaseFile
from ..models.casework import state_digest
from ..notes import IdentifierCheckedForm
from ..services import casework as services
from ..services import double_rating

_NOTE_ROWS = 4


def _level_choices(levels) -> list[tuple[str, str]]:
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
    """One question's answer: a level and an evidence note, or a text answer."""

    def __init__(self, data=None, *, question, levels, answer=None, **kwargs):
        self.question = question
        self.levels = {level.key: level for level in levels}
        self.is_text = question.answer_kind == "text"
        self.note_fields = ("text",) if self.is_text else ("note",)
        super().__init__(data, stored=answer, prefix=question.key, **kwargs)
        if self.is_text:
            self.fields["text"] = forms.CharField(
                label="Answer", required=False, widget=forms.Textarea(attrs={"rows": _NOTE_ROWS})
            )
        else:
            self.fields["level"] = forms.ChoiceField(
                label=question.text,
                choices=_level_choices(levels),
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the answers offered"},
            )
            self.fields["note"] = forms.CharField(
                label="Evidence note",
                required=False,
                widget=forms.Textarea(attrs={"rows": _NOTE_ROWS}),
            )

    @property
    def level_options(self) -> list[tuple[str, str, str, bool]]:
        """(input id, value, label, checked) for each radio, worked out once for the template."""
        field = self["level"]
        chosen, first_id = field.value(), field.auto_id
        return [
            (first_id if n == 1 else f"{first_id}-{n}", value, label, value == chosen)
            for n, (value, label) in enumerate(self.fields["level"].choices, start=1)
        ]

    @property
    def note_hint(self) -> str:
        needing = [level.label for level in self.levels.values() if level.needs_note]
        if not needing:
            return "What on the file supports the answer."
        listed = ", ".join(needing[:-1]) + (" or " if len(needing) > 1 else "") + needing[-1]
        return f"Needed when the answer is {listed}: what on the file supports it."

    def initial_from(self, answer) -> dict:
        initial = super().initial_from(answer)
        if answer:
            levels = {level.pk: key for key, level in self.levels.items()}
            initial.update(
                level=levels.get(answer.level_id, ""), text=answer.text, note=answer.note
            )
        return initial

    def empty_digest(self) -> str:
        return state_digest(None, "", "")

    def _level(self, key):
        return self.levels.get(key) if key else None

    def digest_of(self, cleaned) -> str:
        level = self._level(cleaned.get("level"))
        return state_digest(
            level.pk if level else None, cleaned.get("text", ""), cleaned.get("note", "")
        )

    def store(self, *, case, by):
        data = self.cleaned_data
        return services.save_answer(
            case=case,
            question=self.question,
            level=self._level(data.get("level")),
            text=data.get("text", ""),
            note=data.get("note", ""),
            version=data["version"],
            by=by,
        )

    def display(self, values) -> list[tuple[str, str]]:
        if self.is_text:
            return [("Answer", _display(values.get("text")))]
        level = self._level(values.get("level"))
        return [
            ("Answer", level.label if level else "Not answered"),
            ("Evidence note", _display(values.get("note"))),
        ]

    def values_of(self, answer) -> dict:
        """Field values (by bare name) for a stored answer."""
        initial = self.initial_from(answer)
        return {name: initial.get(name, "") for name in ("level", "text", "note")}


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
            choices=_level_choices(levels),
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


class SubmitForm(forms.Form):
    """Check your answers, then submit: nothing to fill in but the button."""


class ReviewForm(IdentifierCheckedForm, forms.Form):
    """The reviewer agrees, requests changes, or agrees with a moderated judgement."""

    AGREE, CHANGES, MODERATE = "agree", "changes", "moderate"
    identifier_checked_fields = ("reason",)

    decision = forms.ChoiceField(
        label="Your review",
        choices=[
            (AGREE, "Agree the case as audited"),
            (CHANGES, "Request changes from the auditor"),
            (MODERATE, "Agree it with a different overall judgement"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree, request changes or moderate"},
    )
    level = forms.ChoiceField(
        label="Moderated judgement",
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Needed to request changes or to moderate the judgement. "
        "The auditor and the coordinator see it.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = {level.key: level for level in levels}
        self.fields["level"].choices = _level_choices(levels)
        self.helper = page_form_helper(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.radios("level", legend_size=Size.SMALL, small=True),
            Field.textarea("reason"),
            "confirm_not_identifiers",
            button="Record the review",
        )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in (self.CHANGES, self.MODERATE) and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give a reason for the auditor")
        if decision == self.MODERATE and not cleaned.get("level"):
            self.add_error("level", "Choose the moderated judgement")
        return cleaned

    def save(self, *, case, by):
        data = self.cleaned_data
        decision, reason = data["decision"], data.get("reason", "")
        if decision == self.AGREE:
            event = services.agree_case(case=case, by=by)
        elif decision == self.CHANGES:
            event = services.request_changes(case=case, by=by, reason=reason)
        else:
            level = self.levels[data["level"]]
            event = services.moderate_case(case=case, by=by, level=level, reason=reason)
        self.record_confirmations(event, by)
        return event


class CalibrationMarkForm(forms.Form):
    """The coordinator picks the cases both auditors rate blind."""

    cases = forms.ModelMultipleChoiceField(
        label="Cases to rate blind",
        help_text="Both auditors rate each of these on every rated question without seeing "
        "each other's ratings. Only cases nobody has started can be chosen.",
        queryset=CaseFile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, visit, marked, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.marked = {calibration.case_file_id: calibration for calibration in marked}
        eligible = CaseFile.objects.filter(visit=visit).filter(
            Q(status=CaseFile.Status.NOT_STARTED) | Q(pk__in=list(self.marked))
        )
        self.fields["cases"].queryset = eligible.order_by("reference")
        self.fields["cases"].label_from_instance = lambda case: (
            f"{case.reference}, {case.get_case_type_display().lower()}"
        )
        self.initial.setdefault("cases", list(self.marked))
        self.helper = page_form_helper(
            Field.checkboxes("cases", legend_size=Size.MEDIUM, small=True),
            button="Save the cases to rate blind",
        )

    def save(self, *, by):
        chosen = list(self.cleaned_data["cases"])
        chosen_ids = {case.pk for case in chosen}
        for case_id, calibration in self.marked.items():
            if case_id not in chosen_ids:
                double_rating.unmark_calibration(calibration=calibration, by=by)
        new = [case for case in chosen if case.pk not in self.marked]
        return double_rating.mark_for_calibration(visit=self.visit, cases=new, by=by)


class LevelsForm(forms.Form):
    """A level for each rated question: a rater's blind ratings, or the agreed answers."""

    def __init__(self, *args, questions, scale_levels, initial_levels=None, required=False, **kw):
        super().__init__(*args, **kw)
        self.questions = questions
        self.scale_levels = scale_levels
        initial_levels = initial_levels or {}
        for question in questions:
            levels = scale_levels.get(question.scale_id, [])
            name = f"q-{question.key}"
            self.fields[name] = forms.ChoiceField(
                label=question.text,
                choices=_level_choices(levels),
                required=required,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose an answer for: {question.text}"},
            )
            level = initial_levels.get(question.pk)
            if level is not None:
                self.initial[name] = level.key

    def rows(self):
        """(question, bound field) in the tool's order, for the template."""
        return [(question, self[f"q-{question.key}"]) for question in self.questions]

    def levels(self) -> dict:
        chosen = {}
        for question in self.questions:
            key = self.cleaned_data.get(f"q-{question.key}")
            levels = {level.key: level for level in self.scale_levels.get(question.scale_id, [])}
            chosen[question.pk] = levels.get(key) if key else None
        return chosen


class DoubleRatingForm(LevelsForm):
    """A rater's blind ratings of a double-rated case; once both have finished, the agreed
    answers, starting from where the two agreed."""

    def __init__(self, data=None, *, calibration, ratings, rater):
        self.calibration = calibration
        self.rater = rater
        tool_id = calibration.case_file.visit.tool_id
        _, scale_levels, _ = services.tool_levels(tool_id)
        self.pairs = (
            double_rating.rating_pairs(calibration, ratings) if calibration.is_revealed else {}
        )
        if calibration.is_revealed:
            initial = {qid: a for qid, (a, b) in self.pairs.items() if a.pk == b.pk}
        else:
            initial = {r.question_id: r.level for r in ratings if r.rater_id == rater.pk}
        super().__init__(
            data,
            questions=double_rating.rated_questions(tool_id),
            scale_levels=scale_levels,
            initial_levels=initial,
            required=calibration.is_revealed,
        )
        self.agreement = (
            double_rating.case_agreement(calibration, ratings) if calibration.is_revealed else None
        )

    def rows_compared(self):
        return [(question, self.pairs.get(question.pk)) for question in self.questions]

    def save(self) -> str:
        """Store the ratings or the agreed answers; a sentence for the notification banner."""
        if self.calibration.is_revealed:
            double_rating.record_agreed_answers(
                calibration=self.calibration, levels=self.levels(), by=self.rater
            )
            return "The agreed answers are now the case's answers."
        left = double_rating.save_ratings(
            calibration=self.calibration, rater=self.rater, levels=self.levels()
        )
        if left > 0:
            return (
                f"Your ratings are saved. {left} question{'s' if left != 1 else ''} still to rate."
            )
        return "Your ratings are saved and complete."
