"""The one input rule: text that enters the service by any way (a form, a tool file, a
sample CSV, a command) is refused when it holds characters that hide, corrupt or trick.

- NUL and the other C0 control characters (tab, newline and carriage return apart) and the
  non-characters U+FFFE and U+FFFF cannot be stored in PostgreSQL or written to a Word or
  Excel file (XML forbids them);
- an unpaired surrogate (U+D800 to U+DFFF) is half of a character, which no file or database
  can encode;
- bidirectional override and isolate characters (U+202A to U+202E, U+2066 to U+2069) make
  text display in a different order from the order it was typed, so a note or a file name
  can read as something it is not (the "Trojan Source" trick).

Refused text is never shown back as it is: ``visible`` spells such characters out as
``<U+202E>``, so a message that quotes the text cannot be flipped by it. Marks that only
nudge direction (U+200E, U+200F, U+061C) are allowed: people writing Arabic, Hebrew or Urdu
need them, and they cannot reorder a run of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f"
_SURROGATE = "\ud800-\udfff"
_NONCHARACTER = "\ufffe\uffff"
_BIDI = "\u202a-\u202e\u2066-\u2069"
REFUSED = re.compile(f"[{_CONTROL}{_SURROGATE}{_NONCHARACTER}{_BIDI}]")

# How each kind of refused character is named in a message, and why it is refused.
_KINDS = (
    (re.compile("\x00"), "a NUL character", "it cannot be stored"),
    (re.compile(f"[{_CONTROL}]"), "a control character", "it cannot be stored or printed"),
    (
        re.compile(f"[{_SURROGATE}]"),
        "half of a character (an unpaired surrogate)",
        "it cannot be stored; paste the text again from its source",
    ),
    (re.compile(f"[{_NONCHARACTER}]"), "a non-character", "it cannot be stored or printed"),
    (
        re.compile(f"[{_BIDI}]"),
        "a character that reverses the direction of text",
        "it can make text display in a different order from the one typed",
    ),
)
# Around the first refused character, this much of the text is quoted in the message.
QUOTE_CONTEXT = 12


@dataclass(frozen=True)
class TextProblem:
    """The first refused character of a text, where it is, and a message saying what to do."""

    character: str
    position: int  # counted from 1, as people count
    message: str

    def __str__(self):
        return self.message


def code_point(character: str) -> str:
    return f"<U+{ord(character):04X}>"


def visible(text: str) -> str:
    """``text`` with every refused character spelled out as ``<U+202E>``, safe to quote."""
    return REFUSED.sub(lambda match: code_point(match.group()), text)


def problem(text: str, *, quote: bool = True) -> TextProblem | None:
    """What is wrong with ``text`` under the rule, or None when it may be stored.

    The message quotes the text around the character (made visible) unless ``quote`` is
    false, as for a password, which is never shown."""
    if not isinstance(text, str):
        return None
    found = REFUSED.search(text)
    if found is None:
        return None
    character, start = found.group(), found.start()
    name, why = next((name, why) for pattern, name, why in _KINDS if pattern.match(character))
    total = len(REFUSED.findall(text))
    others = f" (and {total - 1} more like it)" if total > 1 else ""
    before = text[max(start - QUOTE_CONTEXT, 0) : start]
    after = text[start + 1 : start + 1 + QUOTE_CONTEXT]
    quoted = visible(before) + code_point(character) + visible(after)
    where = f": “…{quoted}…”" if quote else ""
    message = (
        f"Remove {name}, shown here as {code_point(character)}, at character {start + 1}"
        f"{others}{where}. It was probably pasted in with the text; {why}."
    )
    return TextProblem(character=character, position=start + 1, message=message)


@deconstructible
class TextRuleValidator:
    """A form and model field validator applying the rule; its message says what to remove."""

    code = "refused_character"

    def __call__(self, value) -> None:
        found = problem(value) if isinstance(value, str) else None
        if found is not None:
            raise ValidationError(found.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, TextRuleValidator)

    def __hash__(self):
        return hash(self.code)


validate_text = TextRuleValidator()


def install_form_rule() -> None:
    """Every form ``CharField`` of the service (and of the libraries it uses) runs the rule.

    Django already refuses NUL in form text (``ProhibitNullCharactersValidator``); this puts
    the whole rule beside it, on the field class, so a form written tomorrow, an admin form
    and allauth's forms are covered without each remembering to. Patching the class method
    (not ``default_validators``) reaches fields built before this runs, too.
    """
    from django import forms

    if getattr(forms.CharField, "_text_rule_installed", False):
        return
    original = forms.CharField.to_python

    def to_python(self, value):
        value = original(self, value)
        found = problem(value, quote=not isinstance(self.widget, forms.PasswordInput))
        if found is not None:
            raise ValidationError(found.message, code=TextRuleValidator.code)
        return value

    forms.CharField.to_python = to_python
    forms.CharField._text_rule_installed = True
    _install_choice_rule(forms)


# The largest id a database row can have (a 64-bit signed integer).
LARGEST_ID = 2**63 - 1


def _install_choice_rule(forms) -> None:
    """A choice of a row by an id no database can hold (twenty digits) is an invalid choice,
    not an overflow in the database driver (OverflowError on SQLite, DataError on PostgreSQL)."""
    from django.core.exceptions import ValidationError as Invalid

    def out_of_range(field, value) -> bool:
        pk = field.queryset.model._meta.pk
        if field.to_field_name or pk.get_internal_type() not in INTEGER_IDS:
            return False
        text = str(value).strip()
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        digits = text.removeprefix("-")  # one sign at most: "--0" is not a number
        return digits.isdecimal() and int(digits) > LARGEST_ID

    original_to_python = forms.ModelChoiceField.to_python
    original_check = forms.ModelMultipleChoiceField._check_values

    def to_python(self, value):
        if value not in self.empty_values and out_of_range(self, value):
            raise Invalid(self.error_messages["invalid_choice"], code="invalid_choice")
        return original_to_python(self, value)

    def check_values(self, value):
        for item in value or ():
            if out_of_range(self, item):
                raise Invalid(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": "a number too large"},
                )
        return original_check(self, value)

    forms.ModelChoiceField.to_python = to_python
    forms.ModelMultipleChoiceField._check_values = check_values


INTEGER_IDS = {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "SmallAutoField"}
