"""What the kernel announces to the features without knowing them; each feature connects its
receivers in its AppConfig.ready()."""

from django.dispatch import Signal

# A unit's name changed (sender=Unit, unit=the unit): sent inside the service's transaction, so a
# receiver's writes commit or roll back with the rename. The search index finds what the unit
# published under its new name.
unit_renamed = Signal()
