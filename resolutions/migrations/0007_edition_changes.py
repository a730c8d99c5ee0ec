"""Each edition's change counts since the one before it, stored (EditionChanges);
those of the editions already stored are counted here."""

import django.db.models.deletion
from django.db import migrations, models


def count_stored_editions(apps, schema_editor):
    """Counted by comparison.change_counts itself (the one count of changes),
    over the plain rows ClauseVersionQuerySet.plain_by_edition reads, here
    read through this migration's models."""
    from resolutions.comparison import COUNTED, change_counts
    from resolutions.models import PlainVersion

    Edition = apps.get_model("resolutions", "Edition")
    ClauseVersion = apps.get_model("resolutions", "ClauseVersion")
    EditionChanges = apps.get_model("resolutions", "EditionChanges")
    for resolution_id in Edition.objects.order_by().values_list("resolution_id", flat=True).distinct():
        editions = list(Edition.objects.filter(resolution_id=resolution_id).order_by("year"))
        versions = {edition.pk: [] for edition in editions}
        rows = (
            ClauseVersion.objects.filter(edition__in=editions)
            .order_by("edition_id", "order")
            .values_list("edition_id", *PlainVersion._fields)
        )
        for edition_id, *row in rows:
            versions[edition_id].append(PlainVersion(*row))
        for older, newer in zip(editions, editions[1:]):
            counts = change_counts(versions[older.pk], versions[newer.pk])
            EditionChanges.objects.create(
                edition=newer, previous=older, **{name: getattr(counts, name) for name in COUNTED}
            )


class Migration(migrations.Migration):

    dependencies = [
        ('resolutions', '0006_withdrawal'),
    ]

    operations = [
        migrations.CreateModel(
            name='EditionChanges',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('added', models.PositiveIntegerField()),
                ('deleted', models.PositiveIntegerField()),
                ('modified', models.PositiveIntegerField()),
                ('relabelled_or_moved_only', models.PositiveIntegerField()),
                ('unchanged', models.PositiveIntegerField()),
                ('edition', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='resolutions.edition')),
                ('previous', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='resolutions.edition')),
            ],
        ),
        migrations.RunPython(count_stored_editions, migrations.RunPython.noop),
    ]
