"""The one HTTP policy every network MT provider shares (the only importer of requests/urllib3).

A requests Session with urllib3's `Retry` mounted: HTTP 429, 5xx, connection errors and
timeouts are retried `ProviderOptions.retries` times with exponential backoff (0.5, 1, 2 s ...)
or the server's `Retry-After` when that is longer (capped at 30 s), sleeping through the injected
`ProviderOptions.sleep`; every request has a connect/read timeout. Failures come back as
one-line TranslationErrors that never carry the key."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader, MaxRetryError, ReadTimeoutError
from urllib3.util.retry import Retry

from ..errors import TranslationError
from .provider import ProviderOptions

MAX_DELAY = 30.0
RETRY_STATUS = frozenset({429, *range(500, 600)})


class Backoff(Retry):
    """urllib3's Retry with assetkit's delays: `backoff_factor` x 2^(n-1) before retry n, or the
    server's Retry-After when longer (both capped at MAX_DELAY), slept through `sleeper`."""

    sleeper: Callable[[float], None] = time.sleep

    def new(self, **kw: Any) -> Backoff:
        fresh = super().new(**kw)
        fresh.sleeper = self.sleeper
        return fresh

    def sleep(self, response: Any = None) -> None:
        delay = self.backoff_factor * 2 ** max(len(self.history) - 1, 0)
        try:
            after = self.get_retry_after(response) if response is not None else None
        except InvalidHeader:  # a Retry-After that is neither seconds nor a date: the backoff
            after = None
        self.sleeper(min(MAX_DELAY, max(delay, after or 0.0)))


def policy(options: ProviderOptions) -> Backoff:
    """The retry policy of `options`, shared by every provider."""
    retry = Backoff(total=options.retries, allowed_methods=None,  # translating is idempotent
                    status_forcelist=RETRY_STATUS, backoff_factor=options.backoff,
                    backoff_max=MAX_DELAY, raise_on_status=False,
                    respect_retry_after_header=True)
    retry.sleeper = options.sleep
    return retry


def open_session(options: ProviderOptions) -> requests.Session:
    """A Session with the retry policy mounted for http and https."""
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=policy(options))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@dataclass(frozen=True)
class Endpoint:
    """Where a provider's requests go and how a failure names them: `provider: shown ...`;
    `key_hint` is added to a 401/403 ("check the key in $ASSETKIT_MT_KEY")."""

    provider: str
    shown: str
    key_hint: str = ""


def send(session: requests.Session, endpoint: Endpoint, options: ProviderOptions,
         url: str, **request: Any) -> Any:
    """POST to `url` through `session` and return the JSON answer; a failure after the
    retries, a refusal or an answer that is not JSON is a TranslationError."""
    attempts = options.retries + 1
    tail = f" (gave up after {attempts} attempt{'s' if attempts > 1 else ''})"
    try:
        response = session.post(url, timeout=options.timeout, **request)
    except requests.RequestException as exc:
        raise TranslationError(f"{endpoint.provider}: {_unreachable(exc, endpoint, options)}"
                               f"{tail}") from None
    what = f"HTTP {response.status_code}" + (f": {m}" if (m := _message(response)) else "")
    if response.status_code in RETRY_STATUS:
        raise TranslationError(f"{endpoint.provider}: {endpoint.shown} answered {what}{tail}")
    if response.status_code >= 300:
        hint = f" ({endpoint.key_hint})" if endpoint.key_hint and response.status_code in (
            401, 403) else ""
        raise TranslationError(f"{endpoint.provider}: {endpoint.shown} refused the request: "
                               f"{what}{hint}")
    try:
        return response.json()
    except ValueError:
        raise unexpected(endpoint, "not JSON") from None


def unexpected(endpoint: Endpoint, why: str) -> TranslationError:
    """An answer without the expected shape."""
    return TranslationError(f"{endpoint.provider}: unexpected answer from {endpoint.shown} "
                            f"({why})")


def _unreachable(exc: requests.RequestException, endpoint: Endpoint,
                 options: ProviderOptions) -> str:
    reason = exc.args[0].reason if exc.args and isinstance(exc.args[0], MaxRetryError) else None
    if not isinstance(exc, requests.ConnectTimeout) and (
            isinstance(exc, requests.Timeout) or isinstance(reason, ReadTimeoutError)):
        return f"{endpoint.shown} did not answer within {options.timeout:g} s"
    return f"cannot connect to {endpoint.shown}"


def _message(response: requests.Response) -> str:
    """The server's own error message (LibreTranslate, DeepL, Google, Microsoft, Papago)."""
    if response.ok:
        return ""
    try:
        body = response.json()
    except ValueError:
        lines = response.text.strip().splitlines()
        return lines[0][:200] if lines else ""
    found = body.get("error") or body.get("message") if isinstance(body, dict) else None
    if isinstance(found, dict):
        found = found.get("message") or found.get("errorMessage")
    return str(found)[:200] if found else ""
