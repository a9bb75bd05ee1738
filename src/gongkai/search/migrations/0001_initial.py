import django.db.models.deletion
from django.db import migrations, models

# On PostgreSQL the search table also carries the index itself (see backends/postgres.py).
PG_COLUMNS = [
    "ALTER TABLE search_entry ADD COLUMN exact text[] NOT NULL DEFAULT '{}'",
    "ALTER TABLE search_entry ADD COLUMN title_tsv tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE search_entry ADD COLUMN tsv tsvector NOT NULL DEFAULT ''",
]


def add_postgres_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from gongkai.search.backends.postgres import INDEX_SQL, STORAGE_SQL

    for sql in [*PG_COLUMNS, STORAGE_SQL, *INDEX_SQL]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("disclosure", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("document", models.OneToOneField(db_column="id", on_delete=django.db.models.deletion.CASCADE,
                                                  primary_key=True, related_name="search_entry", serialize=False,
                                                  to="disclosure.document", verbose_name="政府信息")),
                ("title", models.TextField(verbose_name="信息名称")),
                ("body", models.TextField(default="", verbose_name="正文及附件文字")),
                ("agency_path", models.TextField(default="", verbose_name="机关路径")),
                ("category", models.TextField(default="", verbose_name="主题分类")),
                ("genre", models.TextField(default="", verbose_name="体裁")),
                ("validity", models.TextField(default="", verbose_name="效力状态")),
                ("year", models.IntegerField(null=True, verbose_name="年份")),
                ("published_at", models.DateTimeField(null=True, verbose_name="发布日期")),
            ],
            options={"verbose_name": "检索条目", "verbose_name_plural": "检索条目", "db_table": "search_entry"},
        ),
        migrations.RunPython(add_postgres_index, migrations.RunPython.noop),
    ]
