"""The `careerbot` command line: build, dump, parse, ask, shell, run, unanswered and backup."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from bot import shell
from bot.conversation.context import ChatContext
from bot.conversation.nlu import Parser
from bot.engine import Engine
from bot.errors import BotError, ConfigError
from bot.ops import logs
from bot.screens.chart import ChartCache
from bot.settings import Settings
from bot.state.backends import state_for
from bot.state.model import Question
from bot.state.sqlite import backup_file
from knowledge import SOURCES_DIR
from knowledge.builder import build, open_store
from knowledge.errors import KnowledgeError, SourceError, StoreMissingError, StoreVersionError
from knowledge.importer import command as importer
from knowledge.store import Store

Command = Callable[[argparse.Namespace, Settings], int]
log = logging.getLogger("careerbot")


def is_store(path: Path) -> bool:
    """Whether a file is a careerbot knowledge store (of any schema version)."""
    try:
        Store(path).close()
    except StoreVersionError:
        return True
    except StoreMissingError:
        return False
    return True


def open_knowledge(path: Path, sources: Path = SOURCES_DIR) -> Store:
    """The knowledge store at `path`, built first when missing or older than the sources.

    A file that is not a knowledge store is refused and left untouched. When the sources are
    bad but a good store exists, that store is served, with a warning naming the problem."""
    if path.is_file() and path.stat().st_size and not is_store(path):
        raise StoreMissingError(
            f"{path} is not a careerbot knowledge store; it was left untouched "
            "(give --db a store written by `careerbot build`)"
        )
    try:
        return open_store(path, sources)
    except SourceError as error:
        try:
            store = Store(path)
        except KnowledgeError:
            raise error from None
        log.warning(
            "the knowledge sources have %d problem(s), first %s; serving the previous store "
            "%s (built %s) until they are fixed",
            len(error.problems),
            error.problems[0] if error.problems else "?",
            path,
            store.info().built_at,
        )
        return store


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
    p = command(
        "backup", cmd_backup, "copy the state consistently, also while the bot runs (see README)"
    )
    p.add_argument("path", type=Path, help="where to write the copy")
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
    store = open_knowledge(args.db)
    json.dump(store.dump(args.tables), sys.stdout, ensure_ascii=False, indent=1, default=str)
    print()
    return 0


def cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    """Print the Query of one message, or of each stdin line with --jsonl."""
    parser = Parser.from_store(open_knowledge(args.db))
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
    charts = ChartCache(settings.charts_path)
    return shell.run(Engine(open_knowledge(args.db)), charts=charts)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Print the reply to one message and exit."""
    engine = Engine(open_knowledge(args.db))
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
    from bot.telegram.app import reloader  # only the Telegram path imports telegram
    from bot.telegram.serve import run

    engine = Engine(open_knowledge(args.db))
    run(settings, engine, reloader(args.db), webhook=args.webhook)
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    """Run the occupations import (needs the `import` extra: openpyxl)."""
    return importer.run(args)


def cmd_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    """List the most frequent unanswered questions, for knowledge editors."""
    questions = asyncio.run(_top_unanswered(settings, args.limit))
    if not questions:
        print("No unanswered questions kept.")
    for q in questions:
        seen = time.strftime("%Y-%m-%d", time.gmtime(q.last_seen))
        print(f"{q.count:5d}  {seen}  {q.text}")
    return 0


async def _top_unanswered(settings: Settings, limit: int) -> list[Question]:
    state = state_for(settings)
    await state.open()
    try:
        await state.prune(time.time())
        return await state.top_unanswered(limit)
    finally:
        await state.close()


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    """Copy the state file with SQLite's online backup (consistent while the bot writes)."""
    if settings.state_url is not None:
        print(
            "careerbot backup: the state is in PostgreSQL (CAREERBOT_STATE_URL): back it up "
            "with pg_dump (see the README, Backups)",
            file=sys.stderr,
        )
        return 2
    source, target = settings.state_path, args.path
    if target.resolve() == source.resolve():
        print("careerbot backup: the copy cannot be the state file itself", file=sys.stderr)
        return 2
    try:
        backup_file(source, target)
    except (OSError, ValueError) as error:
        print(f"careerbot backup: {error}", file=sys.stderr)
        return 1
    print(f"backed up {source} to {target}")
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
    logs.configure(
        json_lines=settings.log_json, level=settings.log_level, secrets=settings.secrets()
    )
    redact = logs.Redactor(settings.secrets())
    try:
        run: Command = args.run
        return run(args, settings)
    except KnowledgeError as exc:
        print(redact(f"careerbot: {exc}"), file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(redact(f"careerbot: {exc}"), file=sys.stderr)
        return 2
    except BotError as exc:
        print(redact(f"careerbot: {exc}"), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader left (`careerbot dump | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return 1
    except Exception as exc:  # the last line of defence: logged (redacted), never raw
        log.critical("careerbot %s failed: %s", args.command, type(exc).__name__, exc_info=exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
