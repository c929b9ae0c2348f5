"""Run by tests/core/test_personal_crypto.py in a fresh data folder (GONGKAI_DATA_DIR): migrate,
build the demo bureau's units, submit an application and a letter through the public API with
the ID number and phone number given, run the jobs they queued. The test then reads every byte
under the data folder."""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

id_number, phone = sys.argv[1], sys.argv[2]
call_command("migrate", verbosity=0)
from gongkai.core.demo import build  # noqa: E402
from gongkai.interaction.models import LetterTopic  # noqa: E402

build(seed=1, scale=1, content=False)
client = Client(HTTP_HOST="127.0.0.1")
answer = client.post("/api/v1/public/applications/", {
    "applicant_kind": "person", "name": "林某某", "id_type": "resident_id", "id_number": id_number, "phone": phone,
    "email": "linmm@example.com", "address": "福建省三明市三元区新市中路99号", "postcode": "365000",
    "description": "2025年度三元区道路交通事故统计数据", "medium": "electronic", "collection": "email", "items": 1,
}, content_type="application/json")
assert answer.status_code == 201, answer.content
answer = client.post("/api/v1/public/letters/", {
    "kind": "enquiry", "topic": LetterTopic.objects.first().code, "subject": "户口迁移咨询", "content": "请问户口迁入需要哪些材料？",
    "writer_name": "林某某", "phone": phone, "email": "linmm@example.com", "wants_reply": True,
}, content_type="application/json")
assert answer.status_code == 201, answer.content
connection.close()
print("submitted")
