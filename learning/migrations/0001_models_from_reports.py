# Regional learning takes over its models from `reports` (see reports.0004): state only, the
# tables keep their names. The content types move too, so the audit trail's entries and the
# permissions about these models stay attached to them.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["learningvisit", "exportlog", "learningfollowup", "actionreminder", "questiontally", "themetally"]


def move_content_types(apps, schema_editor, source="reports", target="learning"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="learning", target="reports")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("audits", "0007_case_audit_moderation_and_calibration"),
        ("authorities", "0002_ons_code_allows_synthetic_range"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reports", "0004_regional_learning_moves_to_its_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LearningVisit",
                    fields=[],
                    options={
                        "verbose_name": "visit for regional learning",
                        "verbose_name_plural": "visits for regional learning",
                        "proxy": True,
                        "indexes": [],
                        "constraints": [],
                    },
                    bases=("audits.visit",),
                ),
                migrations.CreateModel(
                    name="ExportLog",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("format", models.CharField(choices=[("csv", "CSV"), ("xlsx", "Excel"), ("summary-pdf", "Annual summary (PDF)"), ("summary-docx", "Annual summary (Word)")], max_length=20)),
                        ("year_from", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("year_to", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("rows", models.PositiveIntegerField(default=0)),
                        ("named", models.BooleanField(default=False)),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="learning_exports", to=settings.AUTH_USER_MODEL)),
                        ("region", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="learning_exports", to="authorities.region")),
                        ("tool", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="audits.audittool")),
                    ],
                    options={"ordering": ["-at", "-pk"], "db_table": "reports_exportlog"},
                ),
                migrations.CreateModel(
                    name="LearningFollowUp",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("note", models.TextField(verbose_name="what you asked or agreed")),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("action", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="follow_ups", to="audits.learningaction")),
                        ("by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["-at", "-pk"], "db_table": "reports_learningfollowup"},
                ),
                migrations.CreateModel(
                    name="ActionReminder",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("sent_on", models.DateField()),
                        ("overdue", models.PositiveIntegerField(verbose_name="overdue actions listed")),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("owner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="action_reminders", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "ordering": ["-sent_on", "-pk"],
                        "db_table": "reports_actionreminder",
                        "constraints": [models.UniqueConstraint(fields=("owner", "sent_on"), name="one_reminder_a_day")],
                    },
                ),
                migrations.CreateModel(
                    name="QuestionTally",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("met", models.PositiveIntegerField(default=0)),
                        ("partly", models.PositiveIntegerField(default=0)),
                        ("not_met", models.PositiveIntegerField(default=0)),
                        ("not_evidenced", models.PositiveIntegerField(default=0)),
                        ("not_applicable", models.PositiveIntegerField(default=0)),
                        ("question", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="audits.question")),
                        ("visit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="question_tallies", to="audits.visit")),
                    ],
                    options={
                        "db_table": "reports_questiontally",
                        "constraints": [models.UniqueConstraint(fields=("visit", "question"), name="one_tally_per_question")],
                    },
                ),
                migrations.CreateModel(
                    name="ThemeTally",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("cases", models.PositiveIntegerField(default=0)),
                        ("theme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="audits.theme")),
                        ("visit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="theme_tallies", to="audits.visit")),
                    ],
                    options={
                        "db_table": "reports_themetally",
                        "constraints": [models.UniqueConstraint(fields=("visit", "theme"), name="one_tally_per_theme")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
