"""Existing questions allow "Not applicable" exactly where they offered it before.

Until now a rated question offered Not applicable when its scale had such a level, and a
free-text question never did. Each existing question (published ones included: this changes
no answer and no figure, only writes down what the question already meant) now says so itself.
"""

from django.db import migrations


def allow_where_the_scale_offered_it(apps, schema_editor):
    Question = apps.get_model("audits", "Question")
    RatingLevel = apps.get_model("audits", "RatingLevel")
    scales_with_na = RatingLevel.objects.filter(is_not_applicable=True).values("scale_id")
    Question.objects.update(allows_not_applicable=False)
    Question.objects.filter(answer_kind="scale", scale_id__in=scales_with_na).update(
        allows_not_applicable=True
    )


def nothing_to_undo(apps, schema_editor):
    """The column goes with the schema migration before this one."""


class Migration(migrations.Migration):
    dependencies = [("audits", "0010_question_kinds_options_and_optional_judgement")]

    operations = [migrations.RunPython(allow_where_the_scale_offered_it, nothing_to_undo)]
