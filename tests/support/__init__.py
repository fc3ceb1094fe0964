"""What the tests share: the Bot API emulator, the Telegram-HTML checker, the harness of the
bot on Telegram and a scripted chat on the engine."""
