from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.disclosure.standard_lists import seed as seed_lists

    seed_lists(apps.get_model("disclosure", "Category"), apps.get_model("disclosure", "Genre"))


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
