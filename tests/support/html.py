"""The one checker of Telegram HTML: a port of tdlib's parse_html (what Telegram accepts with
parse_mode HTML, and the text and entities it makes of it), used by the Bot API emulator, and
`html_problems`, the same parser in strict mode, for asserting on the bot's replies."""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]
STRICT_TAGS = frozenset({"b", "i", "u", "s", "code", "pre", "a"})
"""The tags the bot's replies use."""


class HtmlError(ValueError):
    """Telegram refused the HTML; the message is what follows "can't parse entities: "."""


_HTML_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji"}
    | {"span", "pre", "code", "blockquote"}
)
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
_NAMED_ENTITIES = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
_SPACES = frozenset(b" \t\r\n\v\f\x00")
_DIGITS = frozenset(b"0123456789")
_ALPHA = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = _ALPHA | _DIGITS
_HEX = frozenset(b"0123456789abcdefABCDEF")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte(data: bytes, index: int) -> int:
    """The byte at `index`, 0 past the end (tdlib reads a NUL-terminated string)."""
    return data[index] if index < len(data) else 0


def _html_entity(data: bytes, pos: int) -> tuple[int, int]:
    """Decode the character reference at `pos` ('&'): (code point, next position), 0 if none."""
    end = pos + 1
    code = 0
    if _byte(data, end) == ord("#"):
        end += 1
        if _byte(data, end) == ord("x"):
            end += 1
            while _byte(data, end) in _HEX:
                code = code * 16 + int(chr(data[end]), 16)
                end += 1
        else:
            while _byte(data, end) in _DIGITS:
                code = code * 10 + data[end] - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while _byte(data, end) in _ALPHA:
            end += 1
        code = _NAMED_ENTITIES.get(data[pos + 1 : end], 0)
        if not code:
            return 0, pos
    if _byte(data, end) == ord(";"):
        end += 1
    return code, end


def parse_html(source: str, *, strict: bool = False) -> tuple[str, list[JSON]]:
    """The text and entities Telegram makes of `source` sent with parse_mode HTML; HtmlError
    where Telegram refuses it. `strict` also refuses what Telegram tolerates but this bot never
    means to send: a bare `&` or `>`, an entity without its `;`, a tag outside `STRICT_TAGS`."""
    data = source.encode("utf-8")
    out = bytearray()
    entities: list[JSON] = []
    stack: list[tuple[str, str, int, int]] = []  # tag, argument, UTF-16 offset, output position
    utf16 = 0
    i = 0
    while i < len(data):
        c = data[i]
        if c == ord("&"):
            code, end = _html_entity(data, i)
            if strict and (not code or data[end - 1] != ord(";")):
                raise HtmlError(f"bare & at byte offset {i}")
            if code:
                if 0xD800 <= code <= 0xDFFF:
                    raise HtmlError(
                        "Text contains invalid Unicode characters after decoding HTML entities, "
                        "check for unmatched surrogate code units"
                    )
                utf16 += 2 if code > 0xFFFF else 1
                out += chr(code).encode("utf-8")
                i = end
                continue
        if c != ord("<"):
            if strict and c == ord(">"):
                raise HtmlError(f"bare > at byte offset {i}")
            if c & 0xC0 != 0x80:
                utf16 += 2 if c >= 0xF0 else 1
            out.append(c)
            i += 1
            continue
        begin = i
        i += 1
        if _byte(data, i) != ord("/"):
            i = _start_tag(data, begin, i, stack, utf16, len(out))
            if strict and stack[-1][0] not in STRICT_TAGS:
                raise HtmlError(f'tag "{stack[-1][0]}" at byte offset {begin} is not one we send')
        else:
            i = _end_tag(data, begin, i, stack, entities, utf16, out)
        i += 1
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 50)))
    return out.decode("utf-8"), entities


def _start_tag(
    data: bytes, begin: int, i: int, stack: list[tuple[str, str, int, int]], utf16: int, pos: int
) -> int:
    """Parse `<tag attr=...>` from `i`, push it, and return the position of its '>'."""
    while _byte(data, i) not in _SPACES and _byte(data, i) != ord(">"):
        i += 1
    if _byte(data, i) == 0:
        raise HtmlError(f"Unclosed start tag at byte offset {begin}")
    tag = data[begin + 1 : i].decode("utf-8", "replace").lower()
    if tag not in _HTML_TAGS:
        raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {begin}')
    argument = ""
    while _byte(data, i) != ord(">"):
        while _byte(data, i) in _SPACES and _byte(data, i) != 0:
            i += 1
        if _byte(data, i) == ord(">"):
            break
        name_begin = i
        while _byte(data, i) not in _SPACES and _byte(data, i) not in b"=>":
            i += 1
        name = data[name_begin:i]
        if not name:
            raise HtmlError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        while _byte(data, i) in _SPACES and _byte(data, i) != 0:
            i += 1
        if _byte(data, i) != ord("="):
            if tag == "blockquote" and name == b"expandable":
                argument = "expandable"
                continue
            raise HtmlError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {begin}'
            )
        i += 1
        while _byte(data, i) in _SPACES and _byte(data, i) != 0:
            i += 1
        if _byte(data, i) == 0:
            raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        value, i = _attribute_value(data, i)
        if _byte(data, i) == 0:
            raise HtmlError(f"Unclosed start tag at byte offset {begin}")
        if (tag, name) in (("a", b"href"), ("tg-emoji", b"emoji-id")):
            argument = value
        elif tag == "code" and name == b"class" and value.startswith("language-"):
            argument = value.removeprefix("language-")
        elif tag == "span" and name == b"class" and value.startswith("tg-"):
            argument = value.removeprefix("tg-")
    if tag == "span" and argument != "spoiler":
        raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    stack.append((tag, argument, utf16, pos))
    return i


def _attribute_value(data: bytes, i: int) -> tuple[str, int]:
    """A quoted or bare attribute value starting at `i`, and the position after it."""
    quote = _byte(data, i)
    if quote not in (ord("'"), ord('"')):
        start = i
        while _byte(data, i) in _ALNUM or _byte(data, i) in b".-":
            i += 1
        if _byte(data, i) not in _SPACES and _byte(data, i) != ord(">"):
            raise HtmlError(f"Unexpected end of name token at byte offset {start}")
        return data[start:i].decode("ascii").lower(), i
    i += 1
    value = bytearray()
    while _byte(data, i) not in (quote, 0):
        if data[i] == ord("&"):
            code, end = _html_entity(data, i)
            if code:
                value += chr(code).encode("utf-8", "surrogatepass")
                i = end
                continue
        value.append(data[i])
        i += 1
    if _byte(data, i) == quote:
        i += 1
    return value.decode("utf-8", "replace"), i


def _end_tag(
    data: bytes,
    begin: int,
    i: int,
    stack: list[tuple[str, str, int, int]],
    entities: list[JSON],
    utf16: int,
    out: bytearray,
) -> int:
    """Parse `</tag>` from `i` (at '/'), close the open tag, and return the position of '>'."""
    if not stack:
        raise HtmlError(f"Unexpected end tag at byte offset {begin}")
    while _byte(data, i) not in _SPACES and _byte(data, i) != ord(">"):
        i += 1
    end_tag = data[begin + 2 : i].decode("utf-8", "replace").lower()
    while _byte(data, i) in _SPACES and _byte(data, i) != 0:
        i += 1
    if _byte(data, i) != ord(">"):
        raise HtmlError(f"Unclosed end tag at byte offset {begin}")
    tag, argument, offset, pos = stack.pop()
    if end_tag and end_tag != tag:
        raise HtmlError(
            f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", found "</{end_tag}>"'
        )
    if utf16 > offset:
        entity = _entity(tag, argument, offset, utf16 - offset, bytes(out[pos:]), entities)
        if entity is not None:
            entities.append(entity)
    return i


def _entity(
    tag: str, argument: str, offset: int, length: int, inner: bytes, entities: list[JSON]
) -> JSON | None:
    """The entity a closed tag makes, or None when it merged into the previous one."""
    span: JSON = {"offset": offset, "length": length}
    last = entities[-1] if entities else None
    same_span = last is not None and (last["offset"], last["length"]) == (offset, length)
    if tag in _SIMPLE_TAGS:
        return {"type": _SIMPLE_TAGS[tag], **span}
    if tag == "tg-emoji":
        if not argument.isdigit() or int(argument) == 0:
            raise HtmlError("Invalid custom emoji identifier specified")
        return {"type": "custom_emoji", **span, "custom_emoji_id": argument}
    if tag == "a":
        url = argument or inner.decode("utf-8")
        return {"type": "text_link", **span, "url": url} if url.strip() else None
    if tag == "blockquote":
        kind = "expandable_blockquote" if argument == "expandable" else "blockquote"
        return {"type": kind, **span}
    if tag == "pre":
        if last is not None and same_span and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
            return None
        return {"type": "pre", **span}
    # code
    if last is not None and same_span and last["type"] == "pre" and argument:
        last["language"] = argument
        return None
    return {"type": "code", **span, **({"language": argument} if argument else {})}


def html_problems(text: str) -> list[str]:
    """What is wrong with a reply's HTML, strictly (empty when it is valid)."""
    try:
        parse_html(text, strict=True)
    except HtmlError as error:
        return [str(error)]
    return []
