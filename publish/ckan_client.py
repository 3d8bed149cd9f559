"""A small client for CKAN's action API: one call, with bounded retries on transient faults and clear errors.

A connection error, a time-out or a 5xx answer is transient: the call is retried with exponential backoff by
tenacity, a bounded number of times, then fails with `PortalUnavailable`. A call that is not idempotent (a
create, an insert) may have taken effect although its answer was lost: such a call passes `already_done`, which
is asked before each retry and, when the portal already shows the effect, gives the result instead.
Any other refusal (a bad token, an invalid field, a missing object) is not retried: `CkanRefused` says which
action, which object and which fields.
The API token goes only into the Authorization header; it is never logged or put in a message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import requests
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential


class PortalUnavailable(RuntimeError):
    """The portal did not answer usefully, after every retry."""


class CkanRefused(RuntimeError):
    """The portal answered and refused the call (4xx): retrying cannot help."""

    def __init__(self, action: str, about: str, status: int, error: dict):
        self.action, self.about, self.status, self.error = action, about, status, error
        kind = error.get("__type", f"HTTP {status}")
        fields = [f"field {key}: {'; '.join(map(str, v)) if isinstance(v, list) else v}" for key, v in error.items()]
        fields = [f for f in fields if not f.startswith(("field __type", "field message"))]
        detail = "; ".join(fields) or str(error.get("message", "")) or "no detail given"
        hint = " (check EPARL_CKAN_API_TOKEN)" if status in (401, 403) else ""
        super().__init__(f"CKAN refused {action} for {about}: {kind}{hint}: {detail}")


class _Transient(Exception):
    """A fault worth another attempt; never leaves this module."""


@dataclass(frozen=True)
class Retry:
    """How hard to try: attempts in all, and the backoff's first and longest waits in seconds."""

    attempts: int = 5
    first_wait: float = 1.0
    longest_wait: float = 20.0


class CkanClient:
    def __init__(
        self,
        url: str,
        api_token: str,
        timeout: float = 120.0,
        retry: Retry = Retry(),
        log: Callable[[str], None] = lambda message: None,
    ):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.retry = retry
        self.log = log
        self._session = requests.Session()
        self._session.headers["Authorization"] = api_token
        self._session.headers["User-Agent"] = "eparl-publisher"

    def call(
        self,
        action: str,
        data: dict | None = None,
        *,
        about: str = "",
        upload: Path | None = None,
        encoded: bytes | None = None,
        already_done: Callable[[], dict | None] | None = None,
    ) -> dict:
        """POST one action. `upload` sends a file as a multipart form with `data` as its fields; `encoded` sends a
        body already encoded as JSON (large DataStore batches are assembled without parsing their rows);
        `already_done` finds the effect of an earlier attempt whose answer was lost (None: not done)."""
        retrying = Retrying(
            stop=stop_after_attempt(self.retry.attempts),
            wait=wait_exponential(multiplier=self.retry.first_wait, max=self.retry.longest_wait),
            retry=retry_if_exception_type(_Transient),
            before_sleep=lambda state: self.log(
                f"CKAN {action} for {about or 'the portal'}: {state.outcome.exception()}; "
                f"attempt {state.attempt_number + 1} of {self.retry.attempts} in {state.next_action.sleep:.0f} s"
            ),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    if attempt.retry_state.attempt_number > 1 and already_done is not None:
                        done = already_done()
                        if done is not None:
                            self.log(f"CKAN {action} for {about or 'the portal'}: done by an earlier attempt")
                            return done
                    return self._post(action, data or {}, about or action, upload, encoded)
        except _Transient as fault:
            raise PortalUnavailable(
                f"CKAN at {self.url} did not complete {action} for {about or 'the portal'} after "
                f"{self.retry.attempts} attempts: {fault}"
            ) from None

    def show(self, action: str, id_: str, **extra) -> dict | None:
        """A `*_show` action, or None when the object does not exist."""
        try:
            return self.call(action, {"id": id_, **extra}, about=id_)
        except CkanRefused as refused:
            if refused.status == 404:
                return None
            raise

    def _post(self, action: str, data: dict, about: str, upload: Path | None, encoded: bytes | None) -> dict:
        endpoint = f"{self.url}/api/3/action/{action}"
        try:
            with ExitStack() as stack:
                if upload is not None:
                    handle = stack.enter_context(upload.open("rb"))
                    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
                    response = self._session.post(
                        endpoint, data=form, files={"upload": (upload.name, handle)}, timeout=self.timeout
                    )
                elif encoded is not None:
                    response = self._session.post(
                        endpoint,
                        data=encoded,
                        headers={"Content-Type": "application/json"},
                        timeout=self.timeout,
                    )
                else:
                    response = self._session.post(endpoint, json=data, timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout) as fault:
            raise _Transient(type(fault).__name__) from None
        if response.status_code >= 500:
            raise _Transient(f"HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError:
            if response.status_code >= 400:
                raise CkanRefused(action, about, response.status_code, {"message": response.text[:200]}) from None
            raise _Transient(f"HTTP {response.status_code} with no JSON answer") from None
        if response.status_code >= 400 or not answer.get("success"):
            raise CkanRefused(action, about, response.status_code, answer.get("error") or {})
        return answer["result"]
