"""Withdrawn editions: the record their permalinks answer 410 Gone with."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('resolutions', '0005_clause_parents'),
    ]

    operations = [
        migrations.CreateModel(
            name='Withdrawal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('city', models.CharField(max_length=100)),
                ('citation_designation', models.CharField(max_length=200)),
                ('title', models.TextField()),
                ('clause_count', models.PositiveIntegerField()),
                ('source_name', models.CharField(max_length=255)),
                ('source_sha256', models.CharField(max_length=64)),
                ('imported_at', models.DateTimeField()),
                ('imported_by', models.CharField(max_length=150)),
                ('withdrawn_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('withdrawn_by', models.CharField(max_length=150)),
                ('reason', models.TextField()),
                ('resolution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='withdrawals', to='resolutions.resolution')),
                ('source_file', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='withdrawals', to='resolutions.sourcefile')),
            ],
            options={
                'ordering': ['-withdrawn_at'],
                'indexes': [models.Index(fields=['resolution', 'year'], name='withdrawal_resolution_year')],
            },
        ),
    ]
