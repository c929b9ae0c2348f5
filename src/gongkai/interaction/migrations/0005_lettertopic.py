"""The mailbox's topics are named whose they are (the catalog has topics of its own)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("interaction", "0004_encrypt_personal_data")]

    operations = [
        migrations.RenameModel("Topic", "LetterTopic"),
    ]
