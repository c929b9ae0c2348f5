"""The request a service runs under (IP, user), so the audit trail can record it without every
service signature carrying the request. Commands and jobs run with an empty context."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    user: object | None = None


_EMPTY = RequestContext()
_context: ContextVar[RequestContext] = ContextVar("gongkai_request", default=_EMPTY)  # noqa: B039 (frozen)


def current_request_context() -> RequestContext:
    return _context.get()


def set_request_context(ctx: RequestContext):
    return _context.set(ctx)


def reset_request_context(token) -> None:
    _context.reset(token)
