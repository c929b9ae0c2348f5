"""The API answers what its schema says (issue #15): schemathesis generates requests for every
operation of /api/v1/schema/, anonymously and as staff, and checks that none gives a 5xx and that
every response matches the schema (status code, content type, headers, body). Bounded to a few
examples per operation so the suite stays fast; an outside run uses the same checks at scale:
`schemathesis run http://127.0.0.1:8000/api/v1/schema/`."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis import checks

from gongkai.core import services
from gongkai.core.models import Role
from tests.conftest import second_factor_code

EXAMPLES = 4
# No server error, and every answer as documented. (The request-side checks, "a schema-valid
# request is accepted", are left out: the services refuse more than a schema can say, such as a
# date outside the years a deadline can be counted in, and say why in a 400.)
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.response_headers_conformance]


# Loaded when the module is collected: the schema view reads no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
bounded = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True)
def one_connection_per_test():
    """schemathesis calls the WSGI application directly, whose request signals would close the
    database connection inside the test's transaction (Django's test client disconnects them)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(make_user):
    user = make_user("admin", "city", username="schema_admin")
    user.roles.add(*Role.objects.all())
    return services.issue_api_token(user=user, second_factor_code=second_factor_code(user))[1]


@schema.parametrize()
@bounded
def test_anonymous_requests_match_the_schema(case, db, bureau):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@bounded
def test_staff_requests_match_the_schema(case, db, staff_token):
    case.call_and_validate(headers={"Authorization": f"Token {staff_token}"}, checks=CHECKS)
