"""Template filters for showing answers of every kind."""

from django import template

from ..answer_words import answer_words as words

register = template.Library()


@register.filter
def answer_words(question, answer) -> str:
    """``{{ question|answer_words:answer }}``: the answer in words, empty if not answered."""
    return words(question, answer)
