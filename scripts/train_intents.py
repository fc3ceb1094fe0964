"""Train the learned intent guess (`bot.conversation.intent_model`) from the labelled
development sets and write it to `knowledge/intent_model.json`.

    .venv/bin/python scripts/train_intents.py [--check]

Each message is read by the parser (without the model) and its words that are not names are
counted under its labelled intent. The blind and held-out sets are never read. Deterministic:
the same sets and vocabulary give the same file; `--check` says whether the file is current
(run it again after changing the lexicon or a set).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.conversation.intent_model import MODEL_PATH, IntentModel, as_intent, train
from bot.conversation.nlu import Parser
from knowledge.builder import fresh_store
from knowledge.store import Store
from scripts.eval_nlu import DATA, MULTI_DEV, load_cases

TRAINING = tuple(DATA / f"nlu_{name}.jsonl" for name in ("labelled", "dev", *MULTI_DEV))
"""The sets tuned on (never `nlu_heldout` or `nlu_multi_blind`)."""


def trained(store: Store, files: tuple[Path, ...] = TRAINING) -> IntentModel:
    """The model trained on the sets, read by the store's parser without a model."""
    parser = Parser.from_store(store, learned=False)
    examples = [
        (parser.parse(case["text"]).rest, as_intent(case["intent"]))
        for file in files
        for case in load_cases(file)
    ]
    return train(examples)


def main() -> None:
    """Write the model, or with --check say whether the written one is current."""
    args = argparse.ArgumentParser()
    args.add_argument("--check", action="store_true", help="compare, do not write")
    opts = args.parse_args()
    with fresh_store() as store:
        text = trained(store).to_json()
    if opts.check:
        current = MODEL_PATH.is_file() and MODEL_PATH.read_text(encoding="utf-8") == text
        print("current" if current else f"stale: run {sys.argv[0]}")
        sys.exit(0 if current else 1)
    MODEL_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL_PATH} ({len(text) // 1024} KiB)")


if __name__ == "__main__":
    main()
