"""LibreTranslate through deep-translator: the only module that imports deep_translator.

deep-translator has no timeouts, hides status codes and lets network errors escape raw. So
inside our calls (and only there) the `requests` name of `deep_translator.libre` posts through
our own session: a timeout per connect/read, the parameters in the form body instead of the
URL (keeps the key out of logs), and the status code and server message kept for us. The call
state lives in a ContextVar, so concurrent threads each see their own and code outside an
assetkit call gets plain `requests`. Requests go one per distinct string (deep-translator does
not use LibreTranslate's list `q`); de-duplication and the translation memory keep them few."""
from __future__ import annotations

import contextvars
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import requests
from deep_translator import LibreTranslator
from deep_translator import libre as _libre_module
from deep_translator.exceptions import (
    AuthorizationException,
    BaseError,
    InvalidSourceOrTargetLanguage,
    LanguageNotSupportedException,
    RequestError,
    ServerException,
    TooManyRequests,
)

from ..errors import TranslationError
from .provider import ProviderOptions, translate_cached

PLACEHOLDER_KEY = "assetkit"  # self-hosted servers need none, deep-translator insists on one
MAX_DELAY = 30.0


@dataclass
class _Call:
    session: requests.Session
    timeout: float
    status: int | None = None
    message: str = ""
    retry_after: float | None = None


_CURRENT: contextvars.ContextVar[_Call | None] = contextvars.ContextVar(
    "assetkit_libre_call", default=None)
_INSTALL = threading.Lock()


class _ScopedRequests:
    """Stands in for the `requests` module inside deep_translator.libre."""

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def post(self, url: str, params: dict | None = None, **kwargs: Any) -> requests.Response:
        # requests.post's signature, as its stand-in: whatever deep-translator passes goes on
        call = _CURRENT.get()
        if call is None:  # not ours: behave exactly like deep-translator expects
            return requests.post(url, params=params, **kwargs)
        response = call.session.post(url, data=params, timeout=call.timeout, **kwargs)
        call.status = response.status_code
        call.message = _server_message(response)
        call.retry_after = _retry_after(response)
        return response


def _install() -> None:
    with _INSTALL:
        if not isinstance(_libre_module.requests, _ScopedRequests):
            _libre_module.requests = _ScopedRequests()


def _server_message(response: requests.Response) -> str:
    if response.ok:
        return ""
    try:
        return str(response.json().get("error", ""))[:200]
    except (ValueError, AttributeError):
        return response.text.strip().splitlines()[0][:200] if response.text.strip() else ""


def _retry_after(response: requests.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LibreTranslate:
    """A LibreTranslate(-compatible) server at `options.url`."""

    name = "libre"

    def __init__(self, options: ProviderOptions) -> None:
        if not options.url:
            raise TranslationError("libre: no server URL; pass --mt-url http://host:5000/")
        self.url = options.url.rstrip("/") + "/"  # deep-translator appends "translate"
        self.options = options
        _install()

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        o = self.options
        return translate_cached(self._send, self.name, texts, source, target, o.memory, o.terms)

    def _send(self, texts: list[str], source: str, target: str) -> list[str]:
        client = self._client(source, target)
        with requests.Session() as session:
            return [self._with_retries(client, session, text) for text in texts]

    def _client(self, source: str, target: str) -> LibreTranslator:
        key = self.options.env.get(self.options.key_env) or PLACEHOLDER_KEY  # read at call time
        try:
            return LibreTranslator(source=_code(source), target=_code(target), api_key=key,
                                   custom_url=self.url)
        except (LanguageNotSupportedException, InvalidSourceOrTargetLanguage):
            raise TranslationError(f"libre: language pair {source}->{target} is not supported "
                                   f"by deep-translator's LibreTranslate client") from None

    def _with_retries(self, client: LibreTranslator, session: requests.Session, text: str) -> str:
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            try:
                return self._once(client, session, text)
            except _Retryable as exc:
                if attempt + 1 == attempts:
                    raise TranslationError(f"libre: {exc} (gave up after {attempts} "
                                           f"attempt{'s' if attempts > 1 else ''})") from None
                delay = min(MAX_DELAY, self.options.backoff * 2**attempt)
                self.options.sleep(max(delay, min(exc.retry_after or 0, MAX_DELAY)))
        raise AssertionError("unreachable")

    def _once(self, client: LibreTranslator, session: requests.Session, text: str) -> str:
        call = _Call(session, self.options.timeout)
        token = _CURRENT.set(call)
        try:
            result = client.translate(text)
        except requests.Timeout:
            raise _Retryable(f"{self.url} did not answer within {call.timeout:g} s") from None
        except requests.ConnectionError:
            raise _Retryable(f"cannot connect to {self.url}") from None
        except (ServerException, AuthorizationException, TooManyRequests, RequestError,
                BaseError, requests.RequestException, ValueError, KeyError) as exc:
            raise self._classify(call, exc) from None
        finally:
            _CURRENT.reset(token)
        if not isinstance(result, str):
            raise TranslationError(f"libre: unexpected answer from {self.url}: {result!r:.80}")
        return result

    def _classify(self, call: _Call, exc: BaseException) -> Exception:
        status = call.status
        what = f"HTTP {status}" + (f": {call.message}" if call.message else "")
        if status is not None and (status == 429 or status >= 500):
            return _Retryable(f"{self.url} answered {what}", call.retry_after)
        if status is not None and status >= 300:
            hint = " (check the key in $" + self.options.key_env + ")" if status in (401, 403) \
                else ""
            return TranslationError(f"libre: {self.url} refused the request: {what}{hint}")
        # 2xx without a usable body; never str(exc): deep-translator puts the key in messages
        return TranslationError(f"libre: unexpected answer from {self.url} "
                                f"({type(exc).__name__})")


def _code(lang: str) -> str:
    """'ko-KR' -> 'ko': deep-translator knows primary language codes only."""
    return lang.replace("_", "-").split("-")[0].lower()
