"""careerbot: a Telegram bot that answers career questions from a curated knowledge store."""
