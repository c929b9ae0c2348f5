"""Benchmark: personal data encrypted at rest (core/crypto.py).

Measures what one stored value costs: encrypting and decrypting a phone number and a postal
address with AES-256-GCM and with SM4-GCM, and the keyed lookup hash, against, as the baseline in
the same run, a plain HMAC-SHA256 of the same value (what the query codes already cost). Prints
figures, ratios, what a list page of 50 applications with four encrypted fields each adds, and the
machine's load.

    .venv/bin/python bench/crypto.py [N]
"""

import hashlib
import hmac
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_DATA_DIR", "/tmp/gongkai-bench")
django.setup()

from common import timed  # noqa: E402  (bench/ is the script's folder)
from django.conf import settings  # noqa: E402

from gongkai.core import crypto  # noqa: E402

AAD = "applications.application.phone"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    phones = [f"139{i:08d}" for i in range(n)]
    addresses = [f"福建省三明市三元区新市中路{i}号{i % 30}栋{i % 7}单元" for i in range(n)]
    key = os.urandom(32)
    base = timed(lambda v: hmac.new(key, v.encode(), hashlib.sha256).hexdigest(), phones)
    print(f"personal data at rest, {n} values (median of 3 runs); load {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} cores")
    rows = []
    for setting in ("aes-256-gcm", "sm4-gcm"):
        settings.GONGKAI_PERSONAL_CIPHER = setting
        sealed = [crypto.encrypt_text(v, AAD) for v in phones]
        assert crypto.decrypt_text(sealed[0], AAD) == phones[0]
        enc = timed(lambda v: crypto.encrypt_text(v, AAD), phones)
        dec = timed(lambda v: crypto.decrypt_text(v, AAD), sealed)
        long = timed(lambda v: crypto.encrypt_text(v, AAD), addresses)
        rows.append((setting, enc, dec, long))
    index = timed(lambda v: crypto.index(v, "letter.phone"), phones)
    for setting, enc, dec, long in rows:
        print(f"  {setting:12} encrypt phone {enc / n * 1e6:6.1f} µs  ratio {enc / base:5.1f}×   "
              f"decrypt {dec / n * 1e6:6.1f} µs  ratio {dec / base:5.1f}×   encrypt address {long / n * 1e6:6.1f} µs")
    print(f"  keyed lookup hash   {index / n * 1e6:6.1f} µs  ratio {index / base:5.1f}×")
    print(f"  HMAC-SHA256         {base / n * 1e6:6.1f} µs  (baseline)")
    worst = max(dec for _, _, dec, _ in rows) / n
    print(f"  a list page of 50 applications, 4 encrypted fields each: +{worst * 200 * 1000:.2f} ms of decryption")


if __name__ == "__main__":
    main()
