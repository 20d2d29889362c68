"""The network MT providers (LibreTranslate, DeepL, Papago, Google Cloud Translation, Microsoft
Translator): each only says how its request looks and where its answer is. Language codes come
from deep-translator's tables (mt_deeptranslator), requests go through the one retry policy
(mt_http), and every provider runs the shared flow (provider.translate_cached: translation
memory, protected terms, one request per distinct text at most)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import TranslationError
from .mt_deeptranslator import language_pair
from .mt_http import Endpoint, open_session, send, unexpected
from .provider import ProviderOptions, Translator, translate_cached

PLACEHOLDER_KEY = "assetkit"  # keyless LibreTranslate servers; deep-translator's client wants one


class _Provider:
    """A provider speaking one HTTP API. `batch` texts go in one request; `path` is appended to
    the base URL (`--mt-url` replaces `default_url`, which is how tests reach a local stub)."""

    name = ""
    default_url: str | None = None
    path = ""
    batch = 1

    def __init__(self, options: ProviderOptions) -> None:
        self.options = options
        self.url = options.url.rstrip("/") + "/" if options.url else None

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        o = self.options
        return translate_cached(self._send, self.name, texts, source, target, o.memory, o.terms)

    def _send(self, texts: list[str], source: str, target: str) -> list[str]:
        pair = self._pair(source, target)
        secrets = self._secrets()  # read at call time, before any request
        endpoint = Endpoint(self.name, self._base(secrets), self._key_hint())
        out: list[str] = []
        with open_session(self.options) as session:
            for start in range(0, len(texts), self.batch):
                chunk = texts[start:start + self.batch]
                request = self._request(chunk, pair, secrets)
                answer = send(session, endpoint, self.options, endpoint.shown + self.path,
                              **request)
                out += self._checked(answer, len(chunk), endpoint)
        return out

    def _checked(self, answer: Any, count: int, endpoint: Endpoint) -> list[str]:
        try:
            found = self._parse(answer)
        except (KeyError, IndexError, TypeError, AttributeError):
            raise unexpected(endpoint, "no translation in it") from None
        if len(found) != count or not all(isinstance(t, str) for t in found):
            raise unexpected(endpoint, f"{len(found)} text(s) for {count}")
        return found

    def _pair(self, source: str, target: str) -> tuple[str, str]:
        return language_pair(self.name, source, target)

    def _base(self, secrets: tuple[str, ...]) -> str:
        base = self.url or self.default_url
        if base is None:
            raise TranslationError(f"{self.name}: no server URL; pass --mt-url http://host:5000/")
        return base

    def _secret(self, variable: str, what: str) -> str:
        value = self.options.env.get(variable, "").strip()
        if not value:
            raise TranslationError(f"{self.name}: no {what}: set the environment variable "
                                   f"${variable} (--mt-key-env / --mt-id-env name another)")
        return value

    def _secrets(self) -> tuple[str, ...]:
        return (self._secret(self.options.key_env, "API key"),)

    def _key_hint(self) -> str:
        return f"check the key in ${self.options.key_env}"

    def _request(self, texts: list[str], pair: tuple[str, str],
                 secrets: tuple[str, ...]) -> dict[str, Any]:
        raise NotImplementedError

    def _parse(self, answer: Any) -> list[str]:
        raise NotImplementedError


class LibreTranslate(_Provider):
    """A LibreTranslate(-compatible) server: `--mt-url` is required. One text per request, the
    parameters in the form body (keeps the key out of server logs)."""

    name = "libre"
    path = "translate"

    def _secrets(self) -> tuple[str, ...]:
        return (self.options.env.get(self.options.key_env) or PLACEHOLDER_KEY,)

    def _request(self, texts, pair, secrets):
        return {"data": {"q": texts[0], "source": pair[0], "target": pair[1], "format": "text",
                         "api_key": secrets[0]}}

    def _parse(self, answer):
        return [answer["translatedText"]]


class DeepL(_Provider):
    """DeepL API v2: the key in the Authorization header; a Free key (ending ':fx') goes to
    api-free.deepl.com, others to api.deepl.com. Up to 50 texts per request; DeepL judges the
    language codes (deep-translator's table has no Korean)."""

    name = "deepl"
    path = "translate"
    batch = 50

    def _pair(self, source, target):
        return _primary(source).upper(), _primary(target).upper()

    def _base(self, secrets):
        free = secrets[0].endswith(":fx")
        return self.url or f"https://api{'-free' if free else ''}.deepl.com/v2/"

    def _request(self, texts, pair, secrets):
        return {"headers": {"Authorization": f"DeepL-Auth-Key {secrets[0]}"},
                "data": {"text": texts, "source_lang": pair[0].upper(),
                         "target_lang": pair[1].upper()}}

    def _parse(self, answer):
        return [t["text"] for t in answer["translations"]]


class Papago(_Provider):
    """Papago Translation on NAVER Cloud Platform: client id and secret in the
    X-NCP-APIGW-API-KEY-ID / X-NCP-APIGW-API-KEY headers. One text per request."""

    name = "papago"
    default_url = "https://papago.apigw.ntruss.com/"
    path = "nmt/v1/translation"

    def _secrets(self):
        return (self._secret(self.options.id_env, "Papago client id"),
                self._secret(self.options.key_env, "Papago client secret"))

    def _key_hint(self):
        return f"check ${self.options.id_env} and ${self.options.key_env}"

    def _request(self, texts, pair, secrets):
        return {"headers": {"X-NCP-APIGW-API-KEY-ID": secrets[0],
                            "X-NCP-APIGW-API-KEY": secrets[1]},
                "data": {"source": pair[0], "target": pair[1], "text": texts[0]}}

    def _parse(self, answer):
        return [answer["message"]["result"]["translatedText"]]


class GoogleCloud(_Provider):
    """Google Cloud Translation API (Basic, v2) with an API key in the X-Goog-Api-Key header:
    the paid API, not the web page deep-translator's GoogleTranslator scrapes. Up to 128 texts
    per request."""

    name = "google"
    default_url = "https://translation.googleapis.com/"
    path = "language/translate/v2"
    batch = 128

    def _request(self, texts, pair, secrets):
        return {"headers": {"X-Goog-Api-Key": secrets[0]},
                "json": {"q": texts, "source": pair[0], "target": pair[1], "format": "text"}}

    def _parse(self, answer):
        return [t["translatedText"] for t in answer["data"]["translations"]]


class Microsoft(_Provider):
    """Microsoft Translator v3: the key in Ocp-Apim-Subscription-Key, the resource's region (when
    the variable --mt-id-env names is set) in Ocp-Apim-Subscription-Region. Up to 100 texts per
    request. deep-translator has no offline language table for it: the service judges codes."""

    name = "microsoft"
    default_url = "https://api.cognitive.microsofttranslator.com/"
    path = "translate"
    batch = 100

    def _pair(self, source, target):
        return _microsoft_code(source), _microsoft_code(target)

    def _secrets(self):
        return (*super()._secrets(), self.options.env.get(self.options.id_env, "").strip())

    def _request(self, texts, pair, secrets):
        headers = {"Ocp-Apim-Subscription-Key": secrets[0]}
        if secrets[1]:
            headers["Ocp-Apim-Subscription-Region"] = secrets[1]
        return {"headers": headers, "json": [{"Text": t} for t in texts],
                "params": {"api-version": "3.0", "from": pair[0], "to": pair[1],
                           "textType": "plain"}}

    def _parse(self, answer):
        return [item["translations"][0]["text"] for item in answer]


def _primary(lang: str) -> str:
    """'ko-KR' -> 'ko'."""
    return lang.replace("_", "-").split("-")[0].lower()


def _microsoft_code(lang: str) -> str:
    chinese = {"zh": "zh-Hans", "zh-cn": "zh-Hans", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant"}
    return chinese.get(lang.replace("_", "-").lower(), _primary(lang))


NETWORK: dict[str, type[_Provider]] = {
    cls.name: cls for cls in (LibreTranslate, DeepL, Papago, GoogleCloud, Microsoft)}


def network_provider(name: str, options: ProviderOptions) -> Translator:
    """The network provider called `name`."""
    return NETWORK[name](options)
