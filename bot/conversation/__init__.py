"""Understanding and deciding: text in, a decision out (the view to show). No HTML, no Telegram."""
