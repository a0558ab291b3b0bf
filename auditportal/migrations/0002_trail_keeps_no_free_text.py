"""Rows the trail wrote before free text was masked held notes word for word: keep only
each text's length and keyed hash in them too, and name each row's object by its id."""

from django.db import migrations

BATCH = 500


def _masked_fields_by_content_type(apps):
    from auditlog.registry import auditlog
    from django.contrib.contenttypes.models import ContentType

    fields = {}
    for model, options in auditlog._registry.items():
        content_type = ContentType.objects.filter(
            app_label=model._meta.app_label, model=model._meta.model_name
        ).first()
        if content_type is not None:
            fields[content_type.pk] = (model._meta.verbose_name, set(options["mask_fields"]))
    return fields


def _scrub(entry, masked, name) -> bool:
    from auditportal.trail import is_masked, mask

    changed = False
    for field, values in (entry.changes or {}).items():
        if field not in masked or not isinstance(values, list):
            continue
        scrubbed = [
            value if value is None or is_masked(str(value)) else mask(str(value))
            for value in values
        ]
        if scrubbed != values:
            entry.changes[field] = scrubbed
            changed = True
    repr_without_text = f"{name} {entry.object_pk}"
    if entry.object_repr != repr_without_text:
        entry.object_repr = repr_without_text
        changed = True
    if entry.changes_text or entry.serialized_data is not None:
        entry.changes_text, entry.serialized_data = "", None
        changed = True
    return changed


def scrub_free_text(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    by_type = _masked_fields_by_content_type(apps)
    entries = LogEntry.objects.filter(content_type_id__in=by_type).order_by("pk")
    last = 0
    while True:
        batch = list(entries.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        changed = []
        for entry in batch:
            name, masked = by_type[entry.content_type_id]
            if _scrub(entry, masked, name):
                changed.append(entry)
        LogEntry.objects.bulk_update(
            changed, ["changes", "object_repr", "changes_text", "serialized_data"]
        )
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("auditportal", "0001_access_denials"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(scrub_free_text, migrations.RunPython.noop)]
