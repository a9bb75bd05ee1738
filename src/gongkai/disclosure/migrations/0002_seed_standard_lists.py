from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.disclosure.standard_lists import CATEGORIES, GENRES

    Category = apps.get_model("disclosure", "Category")
    Genre = apps.get_model("disclosure", "Genre")
    Category.objects.bulk_create([Category(code=c, name=n, order=i) for i, (c, n) in enumerate(CATEGORIES)],
                                 ignore_conflicts=True)
    Genre.objects.bulk_create([Genre(name=n, order=i) for i, n in enumerate(GENRES)], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
