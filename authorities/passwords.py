"""A password made mostly of a council's, a region's or the service's name, or of the
person's own name, plus digits and symbols, is among the first an attacker tries."""

import re

from django.core.exceptions import ValidationError

# Words people reach for when asked for a password here, besides the councils and regions.
SERVICE_WORDS = [
    *("auditportal", "audit", "audits", "portal", "password", "council", "councils"),
    *("social", "care", "socialcare", "adult", "adults", "psw", "principal", "worker"),
    *("safeguarding", "peer", "challenge", "region", "regional", "improvement", "adass"),
    *("director", "welcome", "letmein"),
]
# Fewer letters than this besides the guessable words, and the password is refused.
MIN_OTHER_LETTERS = 6


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def place_words() -> set[str]:
    """Every council's and region's name, whole and word by word ("stokeontrent", "stoke")."""
    from .models import Authority, Region

    names = list(Authority.objects.values_list("name", flat=True))
    names += list(Region.objects.values_list("name", flat=True))
    words = set()
    for name in names:
        words.add(_letters(name))
        words.update(part for part in re.split(r"\W+", name.lower()) if len(part) >= 4)
    return words


def personal_words(user) -> set[str]:
    if user is None:
        return set()
    text = f"{getattr(user, 'full_name', '')} {getattr(user, 'email', '')}".lower()
    parts = {part for part in re.split(r"[^a-z]+", text) if len(part) >= 3}
    return parts | {_letters(getattr(user, "full_name", "") or "")} - {""}


def other_letters(password: str, words: set[str]) -> str:
    """What is left of the password's letters once the guessable words are taken out."""
    left = _letters(password)
    for word in sorted(words, key=len, reverse=True):
        if len(word) >= 3:
            left = left.replace(word, "")
    return left


class GuessableWordsValidator:
    """Refuses passwords that are mostly guessable words (places, the service, the person)
    with digits and symbols: westmidlands2026, Dudley-Council-1!, ceriowen19851985."""

    def validate(self, password, user=None):
        words = set(SERVICE_WORDS) | place_words() | personal_words(user)
        if len(other_letters(password, words)) < MIN_OTHER_LETTERS:
            raise ValidationError(
                "This password is mostly a name anyone could guess (a council, a region, this "
                "service or your own name) with numbers or symbols. Choose something others "
                "could not guess, such as three or four random words.",
                code="password_guessable_words",
            )

    def get_help_text(self):
        return (
            "Your password cannot be mostly the name of a council, a region, this service or "
            "yourself with numbers added."
        )
