"""A guide here is a service guide (办事指南, the glossary's word); the disclosure guide is another thing."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("bulletins", "0002_seed")]

    operations = [
        migrations.RenameModel("Guide", "ServiceGuide"),
    ]
