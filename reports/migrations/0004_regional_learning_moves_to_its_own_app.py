# Regional learning's models move to the `learning` app. Only Django's idea of which app owns
# them changes: the tables stay as they are (the models name them with db_table), so no row
# moves. `learning.0001_models_from_reports` takes them over in the same way.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0003_learning_register_reminders_and_tallies"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="LearningVisit"),
                migrations.DeleteModel(name="ExportLog"),
                migrations.DeleteModel(name="LearningFollowUp"),
                migrations.DeleteModel(name="ActionReminder"),
                migrations.DeleteModel(name="QuestionTally"),
                migrations.DeleteModel(name="ThemeTally"),
            ],
            database_operations=[],
        ),
    ]
