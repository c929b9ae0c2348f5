"""The letter writers' lookup hashes against the personal-data index key (core/keyring.py asks
through the hook this app registers in `ready()`)."""

from .models import Letter, writer_key


def recompute(key: bytes) -> int:
    """Every writer's phone and e-mail hash again, with the index key now in place; how many
    letters changed. (`key` is that same key: `writer_key` reads it from the key store.)"""
    letters = []
    for letter in Letter.objects.only("phone", "email", "phone_key", "email_key").iterator(chunk_size=2000):
        keys_now = (letter.phone_key, letter.email_key)
        letter.phone_key, letter.email_key = writer_key(letter.phone, "phone"), writer_key(letter.email, "email")
        if (letter.phone_key, letter.email_key) != keys_now:
            letters.append(letter)
    Letter.objects.bulk_update(letters, ["phone_key", "email_key"], batch_size=1000)
    return len(letters)
