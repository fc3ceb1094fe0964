"""The bot's state: everything kept per chat, per person or shared, behind one interface.

`bot.state.interface.State` is the interface; `bot.state.sqlite.SQLiteState` the default backend
(one file, no setup); `bot.state.open_state` picks the backend. Values in and out are plain JSON
objects and small dataclasses (`bot.state.model`): the pure core never sees the backend, and the
Telegram adapter loads before an update and commits one `Changes` after it.
"""
