"""What a PSD font name says: the weight and slant it asks for ("Arial-BoldMT" -> 700, upright;
"MyriadPro-It" -> 400, italic) and whether it matches a substitution row's name pattern."""
from __future__ import annotations

import re
from fnmatch import fnmatchcase

# Longest words first: "semibold" before "bold", "extralight" before "light".
_WEIGHTS = (
    ("hairline", 100), ("ultrathin", 100), ("thin", 100),
    ("extralight", 200), ("ultralight", 200),
    ("semilight", 350), ("demilight", 350), ("light", 300),
    ("regular", 400), ("roman", 400), ("book", 400), ("normal", 400), ("plain", 400),
    ("medium", 500),
    ("semibold", 600), ("demibold", 600), ("demi", 600),
    ("extrabold", 800), ("ultrabold", 800), ("heavy", 800), ("bold", 700),
    ("extrablack", 950), ("ultrablack", 950), ("black", 900),
)
# Hiragino and other Japanese families number their weights W0..W9 (W3 is the text weight).
_W_NUMBER = re.compile(r"w(\d)$")
_W_WEIGHTS = {0: 100, 1: 200, 2: 250, 3: 300, 4: 400, 5: 500, 6: 600, 7: 700, 8: 800, 9: 900}


def compact(name: str) -> str:
    """Case, spaces, hyphens and underscores ignored: 'Arial-Bold MT' -> 'arialboldmt'."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


def matches(name: str, pattern: str) -> bool:
    """Whether a PSD font name matches a table pattern (a glob, compared compactly)."""
    return fnmatchcase(compact(name), compact(pattern))


def wanted_style(name: str) -> tuple[int, bool]:
    """(weight 100..950, italic) a PostScript or full font name asks for; 400 upright when it
    names no weight. The words after the first are read, the last naming a weight wins
    ('Arial-BoldMT', 'Times New Roman Bold'); a name in one piece only by its ending
    ('MalgunGothicBold'), so 'Blackadder' is not black."""
    parts = [p for p in re.split(r"[-\s,]+", name.strip()) if p]
    if len(parts) > 1:
        styles = [compact(p) for p in parts[1:]]
        italic = any(w in style for style in styles for w in ("italic", "oblique", "kursiv")) \
            or _VENDOR.sub("", styles[-1]).endswith("it")
        weights = (_weight(style, anywhere=True) for style in reversed(styles))
        return next((w for w in weights if w is not None), 400), italic
    style = _VENDOR.sub("", compact(name))
    italic = style.endswith(("italic", "oblique"))
    return _weight(re.sub(r"(italic|oblique)$", "", style), anywhere=False) or 400, italic


_VENDOR = re.compile(r"(psmt|mt|ps|otf|ttf)$")


def _weight(style: str, *, anywhere: bool) -> int | None:
    numbered = _W_NUMBER.search(style)
    if numbered:
        return _W_WEIGHTS[int(numbered[1])]
    for word, weight in _WEIGHTS:
        if (word in style) if anywhere else style.endswith(word):
            return weight
    return None
