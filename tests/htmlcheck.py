"""A strict checker for the HTML subset Telegram accepts in messages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED = frozenset({"b", "i", "u", "s", "code", "pre", "a"})
ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"tag <{tag}> not allowed")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")


def html_problems(text: str) -> list[str]:
    """What Telegram would reject in this text (empty when it is valid)."""
    checker = _Checker()
    problems = [f"bare & at {m.start()}" for m in ENTITY.finditer(text)]
    stripped = re.sub(r"</?[a-z]+(?:\s[^<>]*)?>", "", text)
    if "<" in stripped or ">" in stripped:
        problems.append("bare < or > outside a tag")
    checker.feed(text)
    checker.close()
    problems += checker.problems
    if checker.stack:
        problems.append(f"unclosed {checker.stack}")
    return problems
