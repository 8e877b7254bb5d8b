"""Errors raised by the client: every non-2xx answer becomes a :class:`ProblemError` carrying the RFC 9457
problem+json fields the platform sent."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass
class FieldError:
    """One invalid field of a request, as the platform names it (e.g. ``layers[1]``)."""
    field: str
    message: str


@dataclass
class ProblemError(Exception):
    """An HTTP error answer of the platform (RFC 9457 problem details).

    ``errors`` lists every invalid field of a refused definition; ``retry_after`` is the server's advice in
    seconds for 503 answers (None when it gave none).
    """
    status: int
    title: str
    detail: Optional[str] = None
    type: str = "about:blank"
    instance: Optional[str] = None
    errors: list[FieldError] = field(default_factory=list)
    retry_after: Optional[float] = None
    body: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.status} {self.title}"
        return f"{text}: {self.detail}" if self.detail else text

    @classmethod
    def from_response(cls, response: Any) -> "ProblemError":
        try:
            body = response.json()
            if not isinstance(body, dict):
                body = {}
        except ValueError:
            body = {}
        retry = response.headers.get("Retry-After")
        return cls(status=response.status_code,
                   title=body.get("title") or response.reason or "error",
                   detail=body.get("detail") or (None if body else response.text[:500] or None),
                   type=body.get("type", "about:blank"),
                   instance=body.get("instance"),
                   errors=[FieldError(e.get("field", ""), e.get("message", "")) for e in body.get("errors") or []
                           if isinstance(e, dict)],
                   retry_after=float(retry) if retry and retry.isdigit() else None,
                   body=body)


class ExperimentFailed(Exception):
    """Raised by :meth:`mossa.Client.wait` when the experiment ended FAILED or CANCELLED."""

    def __init__(self, experiment: dict[str, Any]):
        self.experiment = experiment
        reason = experiment.get("error") or experiment.get("failure") or ""
        super().__init__(f"experiment {experiment.get('id')} ended {experiment.get('status')}"
                         + (f": {reason}" if reason else ""))
