"""The `careerbot` command line: build, dump, parse, ask, shell and run."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from bot import shell
from bot.conversation.context import ChatContext
from bot.conversation.nlu import Parser
from bot.engine import Engine
from bot.errors import ConfigError
from bot.ops import logs
from bot.ops.unanswered import UnansweredLog
from bot.settings import Settings
from knowledge import SOURCES_DIR
from knowledge.builder import build, open_store
from knowledge.errors import KnowledgeError, SourceError
from knowledge.importer import command as importer

Command = Callable[[argparse.Namespace, Settings], int]


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="careerbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    reads = argparse.ArgumentParser(add_help=False)
    reads.add_argument("--db", type=Path, default=settings.db_path, help="store file to read")

    def command(
        name: str, run: Command, text: str, *parents: argparse.ArgumentParser
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, parents=list(parents))
        p.set_defaults(run=run)
        return p

    p = command("build", cmd_build, "validate the YAML sources and write the knowledge store")
    p.add_argument("--sources", type=Path, default=SOURCES_DIR, help="sources directory")
    p.add_argument("--out", type=Path, default=settings.db_path, help="store file to write")
    p = command("dump", cmd_dump, "print the whole knowledge store (or some tables) as JSON", reads)
    p.add_argument("tables", nargs="*", help="tables to print (default: every table)")
    p = command("parse", cmd_parse, "print how a message is understood, as JSON", reads)
    p.add_argument("text", nargs="?", help="the message")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help="read one message per line on stdin, write one JSON object per line",
    )
    command("shell", cmd_shell, "chat with the bot in the terminal", reads)
    p = command("ask", cmd_ask, "print the reply to one message", reads)
    p.add_argument("text", help="the message")
    p = command("run", cmd_run, "run the bot (the local shell when no token is set)", reads)
    p.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates by webhook (CAREERBOT_WEBHOOK_*) instead of polling",
    )
    p = command(
        "import-occupations", cmd_import, "derive knowledge/occupations/ from the raw public data"
    )
    importer.add_arguments(p)
    p = command(
        "unanswered", cmd_unanswered, "the most frequent questions the bot could not answer"
    )
    p.add_argument("--limit", type=int, default=30, help="how many to list")
    return parser


def cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    """Build the store; report every source problem and exit 1 on failure."""
    try:
        report = build(args.sources, args.out)
    except SourceError as exc:
        print(
            f"build failed: {len(exc.problems)} problem(s); the store was not changed",
            file=sys.stderr,
        )
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 1
    print(
        f"built {report.path}: {report.roles} roles, {report.countries} countries, "
        f"{report.salaries} salary ranges, {report.occupations:,} occupations "
        f"in {report.seconds * 1000:.0f} ms "
        f"(sources {report.digest})"
    )
    return 0


def cmd_dump(args: argparse.Namespace, settings: Settings) -> int:
    """Print every table of the store (or the tables named) as JSON."""
    store = open_store(args.db)
    json.dump(store.dump(args.tables), sys.stdout, ensure_ascii=False, indent=1, default=str)
    print()
    return 0


def cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    """Print the Query of one message, or of each stdin line with --jsonl."""
    parser = Parser.from_store(open_store(args.db))
    if args.jsonl:
        for line in sys.stdin:
            print(parser.parse(line.rstrip("\n")).model_dump_json(), flush=False)
        return 0
    if args.text is None:
        print("careerbot parse: give a message, or --jsonl to read stdin", file=sys.stderr)
        return 2
    print(parser.parse(args.text).model_dump_json())
    return 0


def cmd_shell(args: argparse.Namespace, settings: Settings) -> int:
    """Chat in the terminal."""
    return shell.run(Engine(open_store(args.db)))


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Print the reply to one message and exit."""
    engine = Engine(open_store(args.db))
    turn = engine.text(args.text, ChatContext(), time.time())
    shell.show(turn.reply, sys.stdout)
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the bot; without a token, open the local chat shell."""
    if settings.telegram_bot_token is None:
        print(
            "No TELEGRAM_BOT_TOKEN set, so this is the local chat shell on the built-in "
            "knowledge.\nTo connect to Telegram, create a bot with @BotFather and run "
            "TELEGRAM_BOT_TOKEN=... make run (see README).\n"
        )
        return cmd_shell(args, settings)
    settings.token()  # a missing or malformed token is a one-line error before anything else
    settings.admins()
    if args.webhook:
        settings.webhook()
    logs.configure(
        json_lines=settings.log_json, level=settings.log_level, secrets=settings.secrets()
    )
    from bot.telegram.app import run  # only the Telegram path imports telegram

    run(settings, Engine(open_store(args.db)), args.db, webhook=args.webhook)
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    """Run the occupations import (needs the `import` extra: openpyxl)."""
    return importer.run(args)


def cmd_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    """List the most frequent unanswered questions, for knowledge editors."""
    log = UnansweredLog(settings.unanswered_path, days=settings.unanswered_days)
    log.prune()
    questions = log.top(args.limit)
    if not questions:
        print("No unanswered questions kept.")
    for q in questions:
        seen = time.strftime("%Y-%m-%d", time.gmtime(q.last_seen))
        print(f"{q.count:5d}  {seen}  {q.text}")
    log.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `careerbot` console script."""
    try:
        settings = Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        name = ".".join(str(p) for p in error["loc"])
        print(f"careerbot: setting {name}: {error['msg']}", file=sys.stderr)
        return 2
    args = _parser(settings).parse_args(argv)
    try:
        run: Command = args.run
        return run(args, settings)
    except KnowledgeError as exc:
        print(f"careerbot: {exc}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"careerbot: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
