"""The catalog's topics and the publications' channels are named whose they are (the mailbox has
topics and channels of its own)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("publications", "0004_reviewrecord_same_reviewer")]

    operations = [
        migrations.RenameModel("Topic", "CatalogTopic"),
        migrations.RenameModel("Channel", "PublicationChannel"),
    ]
