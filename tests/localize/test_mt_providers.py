"""DeepL, Papago, Google Cloud Translation and Microsoft Translator through assetkit's adapters,
each against a local stub of its HTTP API (--mt-url): request shape, answer parsed, the shared
retry policy (Retry-After honoured through the injected sleep), keys from the environment."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.errors import TranslationError
from assetkit.localize.memory import TranslationMemory
from assetkit.localize.mt_providers import DeepL
from assetkit.localize.protect import Terms
from assetkit.localize.strings import load_translations
from assetkit.localize.translators import ProviderOptions, make_translator
from tests.conftest import real_psd


def deepl_api(record):
    if record["path"] != "/v2/translate":
        return 404, {"message": "Not found"}
    if record["headers"].get("authorization") != "DeepL-Auth-Key k-deepl":
        return 403, {"message": "Wrong endpoint. Use https://api.deepl.com"}
    form = record["form"]
    target = form["target_lang"][0].lower()
    return 200, {"translations": [{"detected_source_language": "EN", "text": f"[{target}] {t}"}
                                  for t in form["text"]]}


def papago_api(record):
    if record["path"] != "/nmt/v1/translation":
        return 404, {"error": {"errorCode": "404", "message": "Not Found"}}
    headers = record["headers"]
    if (headers.get("x-ncp-apigw-api-key-id"), headers.get("x-ncp-apigw-api-key")) != (
            "id-papago", "k-papago"):
        return 401, {"error": {"errorCode": "200", "message": "Authentication Failed"}}
    form = {k: v[0] for k, v in record["form"].items()}
    return 200, {"message": {"result": {"srcLangType": form["source"],
                                        "tarLangType": form["target"],
                                        "translatedText": f"[{form['target']}] {form['text']}"}}}


def google_api(record):
    if record["path"] != "/language/translate/v2":
        return 404, {"error": {"code": 404, "message": "Not Found"}}
    if record["headers"].get("x-goog-api-key") != "k-google":
        return 403, {"error": {"code": 403, "message": "API key not valid."}}
    body = record["json"]
    return 200, {"data": {"translations": [{"translatedText": f"[{body['target']}] {q}"}
                                           for q in body["q"]]}}


def microsoft_api(record):
    if record["path"] != "/translate" or record["query"].get("api-version") != "3.0":
        return 404, {"error": {"code": 404000, "message": "Not Found"}}
    if record["headers"].get("ocp-apim-subscription-key") != "k-microsoft":
        return 401, {"error": {"code": 401000, "message": "Access denied: invalid key."}}
    to = record["query"]["to"]
    return 200, [{"translations": [{"text": f"[{to}] {item['Text']}", "to": to}]}
                 for item in record["json"]]


# provider -> (the stub API, path of the base URL under the stub, the environment it needs)
CASES = {
    "deepl": (deepl_api, "v2/", {"ASSETKIT_MT_KEY": "k-deepl"}),
    "papago": (papago_api, "", {"ASSETKIT_MT_ID": "id-papago", "ASSETKIT_MT_KEY": "k-papago"}),
    "google": (google_api, "", {"ASSETKIT_MT_KEY": "k-google"}),
    "microsoft": (microsoft_api, "", {"ASSETKIT_MT_KEY": "k-microsoft"}),
}


def provider(stub, name: str, env: dict | None = None, **kw):
    api, base, default_env = CASES[name]
    stub.answer = api
    sleeps: list[float] = []
    options = ProviderOptions(url=stub.url + base, timeout=2.0, sleep=sleeps.append,
                              env=default_env if env is None else env, **kw)
    return make_translator(name, options), sleeps


def texts_sent(record) -> list[str]:
    if record["json"] is not None:
        body = record["json"]
        return body["q"] if isinstance(body, dict) else [item["Text"] for item in body]
    return record["form"]["text"]


@pytest.mark.parametrize("name", CASES)
def test_each_provider_translates_each_distinct_text_once(api_server, name):
    translator, sleeps = provider(api_server, name)
    out = translator.translate(["Free shipping", "Sale", "Free shipping"], "en", "ko-KR")
    assert out == ["[ko] Free shipping", "[ko] Sale", "[ko] Free shipping"]
    assert [t for r in api_server.requests for t in texts_sent(r)] == ["Free shipping", "Sale"]
    assert sleeps == []


def test_deepl_request_shape(api_server):
    translator, _ = provider(api_server, "deepl")
    translator.translate(["Free shipping", "Sale"], "en", "ko")
    [request] = api_server.requests  # both texts in one request
    assert (request["path"], request["query"]) == ("/v2/translate", {})  # no key in the URL
    assert request["headers"]["authorization"] == "DeepL-Auth-Key k-deepl"
    assert request["form"] == {"text": ["Free shipping", "Sale"], "source_lang": ["EN"],
                               "target_lang": ["KO"]}


def test_deepl_picks_the_free_or_pro_endpoint_from_the_key():
    deepl = DeepL(ProviderOptions())
    assert deepl._base(("abc:fx",)) == "https://api-free.deepl.com/v2/"
    assert deepl._base(("abc",)) == "https://api.deepl.com/v2/"


def test_papago_request_shape(api_server):
    translator, _ = provider(api_server, "papago")
    translator.translate(["Free shipping", "Sale"], "en", "zh")
    assert [r["form"] for r in api_server.requests] == [
        {"source": ["en"], "target": ["zh-CN"], "text": ["Free shipping"]},
        {"source": ["en"], "target": ["zh-CN"], "text": ["Sale"]}]
    assert api_server.requests[0]["path"] == "/nmt/v1/translation"


def test_google_request_shape(api_server):
    translator, _ = provider(api_server, "google")
    translator.translate(["Free shipping", "Sale"], "en", "ko")
    [request] = api_server.requests
    assert request["query"] == {} and request["headers"]["x-goog-api-key"] == "k-google"
    assert request["json"] == {"q": ["Free shipping", "Sale"], "source": "en", "target": "ko",
                               "format": "text"}


def test_microsoft_request_shape_with_a_region(api_server):
    env = {"ASSETKIT_MT_KEY": "k-microsoft", "ASSETKIT_MT_ID": "koreacentral"}
    translator, _ = provider(api_server, "microsoft", env=env)
    assert translator.translate(["Sale"], "en", "zh-TW") == ["[zh-Hant] Sale"]
    [request] = api_server.requests
    assert request["query"] == {"api-version": "3.0", "from": "en", "to": "zh-Hant",
                                "textType": "plain"}
    assert request["headers"]["ocp-apim-subscription-region"] == "koreacentral"
    assert request["json"] == [{"Text": "Sale"}]


@pytest.mark.parametrize("name", CASES)
def test_429_is_retried_after_its_retry_after_then_5xx_with_backoff(api_server, name):
    api_server.script = [(429, {"Retry-After": "7"}), 503]
    translator, sleeps = provider(api_server, name)
    assert translator.translate(["Sale"], "en", "ko") == ["[ko] Sale"]
    assert len(api_server.requests) == 3
    assert sleeps == [7.0, 1.0]  # the server's delay, then the backoff's second step


def test_retry_after_is_capped_and_the_retries_end(api_server):
    api_server.script = [(429, {"Retry-After": "120"})] * 3
    translator, sleeps = provider(api_server, "google", retries=2)
    with pytest.raises(TranslationError) as caught:
        translator.translate(["Sale"], "en", "ko")
    assert str(caught.value) == (f"google: {api_server.url} answered HTTP 429: scripted 429 "
                                 f"(gave up after 3 attempts)")
    assert sleeps == [30.0, 30.0]


def test_a_malformed_retry_after_falls_back_to_the_backoff(api_server):
    api_server.script = [(429, {"Retry-After": "soon"})]
    translator, sleeps = provider(api_server, "microsoft")
    assert translator.translate(["Sale"], "en", "ko") == ["[ko] Sale"]
    assert sleeps == [0.5]


@pytest.mark.parametrize("name, missing", [
    ("deepl", "API key: set the environment variable $ASSETKIT_MT_KEY"),
    ("papago", "Papago client id: set the environment variable $ASSETKIT_MT_ID"),
    ("google", "API key: set the environment variable $ASSETKIT_MT_KEY"),
    ("microsoft", "API key: set the environment variable $ASSETKIT_MT_KEY")])
def test_a_missing_key_fails_before_any_request(api_server, name, missing):
    translator, _ = provider(api_server, name, env={})
    with pytest.raises(TranslationError) as caught:
        translator.translate(["Sale"], "en", "ko")
    assert str(caught.value) == (f"{name}: no {missing} (--mt-key-env / --mt-id-env name "
                                 f"another)")
    assert api_server.requests == []


@pytest.mark.parametrize("name, answer", [
    ("deepl", "HTTP 403: Wrong endpoint. Use https://api.deepl.com (check the key in "
              "$SHOP_KEY)"),
    ("papago", "HTTP 401: Authentication Failed (check $SHOP_ID and $SHOP_KEY)"),
    ("google", "HTTP 403: API key not valid. (check the key in $SHOP_KEY)"),
    ("microsoft", "HTTP 401: Access denied: invalid key. (check the key in $SHOP_KEY)")])
def test_a_wrong_key_is_refused_once_and_never_shown(api_server, name, answer):
    env = {"SHOP_KEY": "s3cret", "SHOP_ID": "someone"}
    translator, sleeps = provider(api_server, name, env=env, key_env="SHOP_KEY",
                                  id_env="SHOP_ID")
    with pytest.raises(TranslationError) as caught:
        translator.translate(["Sale"], "en", "ko")
    base = api_server.url + CASES[name][1]
    assert str(caught.value) == f"{name}: {base} refused the request: {answer}"
    assert "s3cret" not in str(caught.value)
    assert len(api_server.requests) == 1 and sleeps == []


def test_the_key_is_read_at_call_time(api_server):
    env: dict[str, str] = {}
    translator, _ = provider(api_server, "deepl", env=env)
    env["ASSETKIT_MT_KEY"] = "k-deepl"  # set after the translator was made
    assert translator.translate(["Sale"], "en", "ko") == ["[ko] Sale"]


def test_an_unsupported_language_fails_before_any_request(api_server):
    translator, _ = provider(api_server, "papago")
    with pytest.raises(TranslationError, match=r"^papago: language pair en->sw is not supported"):
        translator.translate(["Sale"], "en", "sw")
    assert api_server.requests == []


@pytest.mark.parametrize("name", CASES)
def test_memory_and_protected_terms_apply_to_every_provider(api_server, name, tmp_path):
    terms = Terms({"serum": "세럼"}, ("HANEUL",))
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    translator, _ = provider(api_server, name, terms=terms, memory=memory)
    [out] = translator.translate(["HANEUL serum, now ₩25,600"], "en", "ko")
    assert out == "[ko] HANEUL 세럼, now ₩25,600"
    assert texts_sent(api_server.requests[0]) == ["⟦0⟧ ⟦1⟧, now ⟦2⟧"]
    again, _ = provider(api_server, name, terms=terms, memory=memory)
    assert again.translate(["HANEUL serum, now ₩25,600"], "en", "ko") == [out]
    assert len(api_server.requests) == 1  # the memory answered


@pytest.mark.parametrize("command", [["localize"], ["strings", "export"]])
def test_help_names_the_key_variables(command):
    result = CliRunner().invoke(cli, [*command, "--help"], terminal_width=200)
    for word in ("deepl", "papago", "google", "microsoft", "ASSETKIT_MT_KEY", "ASSETKIT_MT_ID",
                 "--mt-id-env"):
        assert word in result.output


def test_cli_exports_a_deepl_translation_with_the_key_from_a_named_variable(api_server, tmp_path):
    api_server.answer = deepl_api
    out = tmp_path / "mt.xlf"
    result = CliRunner(env={"SHOP_DEEPL": "k-deepl"}).invoke(cli, [
        "strings", "export", str(real_psd("webtoon-example-ko-emoji.psd")), "--output-file",
        str(out), "--to", "ko", "--mt", "deepl", "--mt-url", api_server.url + "v2",
        "--mt-key-env", "SHOP_DEEPL", "--mt-timeout", "2"])
    assert result.exit_code == 0, result.output
    assert result.output == (f"Wrote 4 strings from 1 PSDs to {out} (xliff), machine-translated "
                             f"by deepl (state needs-review-translation)\n")
    assert load_translations(out)["webtoon-example-ko-emoji#6"].target == "[ko] Text layer"
    assert len(api_server.requests) == 1  # every distinct text in one DeepL request
