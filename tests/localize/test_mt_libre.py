"""The LibreTranslate provider against a local LibreTranslate-compatible stub: success, the
shared retry policy (backoff, Retry-After), timeouts, refusals, TM, dedupe; deep-translator's
own client next to it stays untouched."""
from __future__ import annotations

import socket
import threading
import time

import deep_translator.libre
import pytest
import requests
from deep_translator import LibreTranslator

from assetkit.errors import TranslationError
from assetkit.localize.memory import NEEDS_REVIEW, TranslationMemory
from assetkit.localize.protect import Terms
from assetkit.localize.translators import ProviderOptions, make_translator


def libre(url: str, **kw):
    sleeps: list[float] = []
    options = ProviderOptions(url=url, timeout=0.3, sleep=sleeps.append, env=kw.pop("env", {}),
                              **kw)
    return make_translator("libre", options), sleeps


def test_translates_and_sends_each_distinct_string_once(libre_server):
    libre_server.dictionary = {"Free shipping": "무료 배송", "Sale": "세일"}
    translator, sleeps = libre(libre_server.url)
    out = translator.translate(["Free shipping", "Sale", "Free shipping"], "en", "ko")
    assert out == ["무료 배송", "세일", "무료 배송"]
    assert [r["body"]["q"] for r in libre_server.requests] == ["Free shipping", "Sale"]
    first = libre_server.requests[0]
    assert first["path"] == "/translate" and first["query"] == {}  # nothing in the URL
    assert first["body"]["api_key"] == "assetkit"  # placeholder key for keyless servers
    assert (first["body"]["source"], first["body"]["target"]) == ("en", "ko")
    assert sleeps == []


def test_429_then_success_backs_off_with_the_injected_sleep(libre_server):
    libre_server.script = [429, 503]
    translator, sleeps = libre(libre_server.url)
    assert translator.translate(["Sale"], "en", "ko") == ["[ko] Sale"]
    assert len(libre_server.requests) == 3
    assert sleeps == [0.5, 1.0]


def test_a_server_stall_fails_within_the_timeout(libre_server):
    libre_server.script = [("stall", 2.0)]
    translator, _ = libre(libre_server.url, retries=0)
    started = time.monotonic()
    with pytest.raises(TranslationError) as caught:
        translator.translate(["Sale"], "en", "ko")
    assert time.monotonic() - started < 0.5
    assert str(caught.value) == (f"libre: {libre_server.url} did not answer within 0.3 s "
                                 f"(gave up after 1 attempt)")


def test_a_stall_is_retried_and_then_answered(libre_server):
    libre_server.script = [("stall", 2.0)]
    translator, sleeps = libre(libre_server.url, retries=1)
    assert translator.translate(["Sale"], "en", "ko") == ["[ko] Sale"]
    assert sleeps == [0.5]


def test_server_down_gives_up_after_the_retries():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    translator, sleeps = libre(url, retries=2)
    with pytest.raises(TranslationError) as caught:
        translator.translate(["Sale"], "en", "ko")
    assert str(caught.value) == f"libre: cannot connect to {url} (gave up after 3 attempts)"
    assert sleeps == [0.5, 1.0]


def test_403_is_not_retried_and_the_key_stays_out_of_the_message(libre_server):
    libre_server.script = [403]
    translator, sleeps = libre(libre_server.url, env={"ASSETKIT_MT_KEY": "s3cret"})
    with pytest.raises(TranslationError) as caught:
        translator.translate(["Sale"], "en", "ko")
    assert str(caught.value) == (f"libre: {libre_server.url} refused the request: HTTP 403: "
                                 f"scripted 403 (check the key in $ASSETKIT_MT_KEY)")
    assert "s3cret" not in str(caught.value)
    assert len(libre_server.requests) == 1 and sleeps == []


def test_400_is_not_retried(libre_server):
    libre_server.script = [400]
    translator, sleeps = libre(libre_server.url)
    with pytest.raises(TranslationError, match="HTTP 400: scripted 400$"):
        translator.translate(["Sale"], "en", "ko")
    assert len(libre_server.requests) == 1 and sleeps == []


def test_500_every_time_gives_up_with_the_status(libre_server):
    libre_server.script = [500, 500, 500]
    translator, sleeps = libre(libre_server.url, retries=2)
    with pytest.raises(TranslationError) as caught:
        translator.translate(["Sale"], "en", "ko")
    assert str(caught.value) == (f"libre: {libre_server.url} answered HTTP 500: scripted 500 "
                                 f"(gave up after 3 attempts)")
    assert sleeps == [0.5, 1.0]


def test_an_unsupported_language_fails_before_any_request(libre_server):
    translator, _ = libre(libre_server.url)
    with pytest.raises(TranslationError, match=r"language pair en->th is not supported"):
        translator.translate(["Sale"], "en", "th")
    assert libre_server.requests == []


def test_the_key_is_read_from_the_environment_at_call_time(libre_server):
    env: dict[str, str] = {}
    translator, _ = libre(libre_server.url, env=env, key_env="SHOP_MT_KEY")
    env["SHOP_MT_KEY"] = "k-123"  # set after the translator was made
    translator.translate(["Sale"], "en", "ko")
    assert libre_server.requests[0]["body"]["api_key"] == "k-123"


def test_translation_memory_hit_avoids_a_second_request(libre_server, tmp_path):
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    translator, _ = libre(libre_server.url, memory=memory)
    assert translator.translate(["Sale"], "en", "ko") == ["[ko] Sale"]
    again, _ = libre(libre_server.url, memory=TranslationMemory(tmp_path / "tm.sqlite3"))
    assert again.translate(["Sale", "Sale"], "en", "ko") == ["[ko] Sale", "[ko] Sale"]
    assert len(libre_server.requests) == 1
    entry = memory.get("libre", "en", "ko", "Sale")
    assert entry is not None and entry.state == NEEDS_REVIEW and entry.target == "[ko] Sale"


def test_protected_terms_never_reach_the_server_and_come_back(libre_server):
    terms = Terms({"serum": "세럼"}, ("HANEUL",))
    translator, _ = libre(libre_server.url, terms=terms)
    text = "HANEUL hydrating serum 50ml, now ₩25,600 (30% off)"
    [out] = translator.translate([text], "en", "ko")
    [sent] = [r["body"]["q"] for r in libre_server.requests]
    for kept in ("HANEUL", "serum", "50ml", "25,600", "30%"):
        assert kept not in sent
    assert out == "[ko] HANEUL hydrating 세럼 50ml, now ₩25,600 (30% off)"


def test_a_text_of_protected_terms_only_is_not_sent(libre_server):
    translator, _ = libre(libre_server.url, terms=Terms({"serum": "세럼"}, ("HANEUL",)))
    assert translator.translate(["HANEUL serum 50ml", "🤣"], "en", "ko") == [
        "HANEUL 세럼 50ml", "🤣"]
    assert libre_server.requests == []


def test_deep_translator_is_never_patched(libre_server):
    # Thread A (assetkit, 0.3 s timeout) fails fast on a stall; at the same time thread B, plain
    # deep-translator, waits the stall out with no timeout imposed: assetkit's policy lives in
    # its own Session, deep-translator's modules still use plain `requests`.
    libre_server.stall_on = {"slow": 0.8}
    translator, _ = libre(libre_server.url, retries=0)
    plain = LibreTranslator(source="en", target="ko", api_key="x", custom_url=libre_server.url)
    results: dict[str, object] = {}

    def plain_call() -> None:
        results["plain"] = plain.translate("slow")

    thread = threading.Thread(target=plain_call)
    thread.start()
    started = time.monotonic()
    with pytest.raises(TranslationError, match="did not answer within 0.3 s"):
        translator.translate(["slow"], "en", "ko")
    assert time.monotonic() - started < 0.6
    thread.join(timeout=3)
    assert results["plain"] == "[ko] slow"
    plain_request = next(r for r in libre_server.requests if r["query"])
    assert plain_request["query"]["q"] == "slow"  # deep-translator's own wire format untouched
    assert deep_translator.libre.requests is requests
