"""Room for longer scanner kinds: id_number_unverified has 20 characters (#16, hole 12)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("publications", "0002_seed_catalog"),
    ]

    operations = [
        migrations.AlterField(
            model_name="finding",
            name="kind",
            field=models.CharField(max_length=32, verbose_name="类型"),
        ),
    ]
