"""Named exceptions of the bot: an expired address is told to the user in `bot.screens.fallback`,
a configuration error by the command line."""

from __future__ import annotations


class BotError(Exception):
    """Base class of the bot's own errors."""


class ExpiredAddress(BotError):
    """A button, deep link or option names a screen that does not exist (any more): it is in
    the address grammar, but the store no longer has what it names."""


class UnknownAddress(ExpiredAddress):
    """An address that names nothing the bot ever had: malformed, or in no address form."""


class ConfigError(BotError):
    """The configuration is missing or malformed; the message says which setting."""
