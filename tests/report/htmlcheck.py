"""HTML validity for the report's pages: html5lib's parser with strict errors (a parse error is
an exception naming the line), plus what the parser lets pass but a validator would not."""
from __future__ import annotations

import html5lib


def assert_valid_html(text: str) -> None:
    """`text` parses under the WHATWG rules with no error, and declares its doctype and charset
    first (html5lib accepts a page without them; a validator does not)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        tree = parser.parse(text)
    except html5lib.html5parser.ParseError as exc:
        (line, col), _code, _vars = parser.errors[-1]
        context = text.splitlines()[line - 1][max(0, col - 120):col + 40]
        raise AssertionError(f"line {line}:{col}: {exc}\n  …{context}…") from None
    assert text.startswith("<!DOCTYPE html>"), text[:40]
    assert tree.find("head/meta[@charset='utf-8']") is not None
    assert tree.find("head/title") is not None and tree.find("head/title").text
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate id"
    for img in tree.iter("img"):
        assert img.get("alt") is not None and img.get("src"), img.attrib
