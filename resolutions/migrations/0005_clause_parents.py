"""A clause's place is a path through its parents: nested items, paragraphs
continuing an item, a table's rows. Existing clauses have no parent, depth
0, and their cited label is their label (ClauseVersion.reference falls back
to it), so every stored path and citation stays as it was."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('resolutions', '0004_search_index'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='clauseversion',
            name='clauseversion_known_kind',
        ),
        migrations.AddField(
            model_name='clauseversion',
            name='cited_label',
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name='clauseversion',
            name='depth',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='clauseversion',
            name='parent',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='resolutions.clauseversion'),
        ),
        migrations.AlterField(
            model_name='clauseversion',
            name='kind',
            field=models.CharField(choices=[('resolution', 'resolution line'), ('title', 'title'), ('preamble', 'preamble'), ('heading', 'heading'), ('item', 'item'), ('paragraph', 'paragraph'), ('footnote', 'footnote'), ('annex-title', 'annex title'), ('table', 'table'), ('row', 'row')], max_length=16),
        ),
        migrations.AddConstraint(
            model_name='clauseversion',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['resolution', 'title', 'preamble', 'heading', 'item', 'paragraph', 'footnote', 'annex-title', 'table', 'row'])), name='clauseversion_known_kind'),
        ),
    ]
