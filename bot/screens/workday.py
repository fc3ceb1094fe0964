"""The day-in-the-life simulation: pick a level, then step through the day hour by hour,
choose at the decision point, and end with a recap of the skills the day used."""

from __future__ import annotations

from bot.conversation.address import encode
from bot.conversation.context import Viewer
from bot.conversation.view import View
from bot.screens.common import nav, rows, screen
from bot.screens.html import bold, esc, gist, italic
from bot.screens.reply import Button, Reply
from knowledge.schema import Day, Level
from knowledge.store import Store


@screen("day")
def render(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """The level picker, or one step of the day."""
    assert view.role is not None
    if view.level is None or view.step is None:
        return _pick_level(view, store)
    return _step(view, store, view.role, view.level, view.step, brief)


BRIEF_CHARS = 200
"""Characters of a step's text a brief answer keeps (whole sentences)."""


def _pick_level(view: View, store: Store) -> Reply:
    assert view.role is not None
    role, note = store.role(view.role), store.day_note(view.role)
    labels = store.level_labels()
    text = (
        f"🕘 {bold('Day-in-the-life simulation')} — {esc(role.name)}\n"
        f"Select seniority level, then tap through the day hour by hour."
    )
    if note.note:
        text += f"\n\n{italic(f'Note: {note.note}')}"
    cells = [Button(labels[lv], encode(view.but(level=lv, step=1))) for lv in note.levels]
    return Reply(text, [*rows(cells), nav(view.role)])


def _step(
    view: View, store: Store, role_slug: str, level: Level, number: int, brief: bool = False
) -> Reply:
    day = store.day(role_slug, level)
    step = day.steps[number - 1]
    lines = [
        f"🕘 {bold(stage_title(store, role_slug, level))} — {esc(day.headline)}",
        f"Step {number} of {len(day.steps)} · {esc(step.time)}",
        "",
        bold(step.title),
        esc(step.body),
        f"🛠 {italic(f'Skill: {step.skill}')}",
    ]
    buttons: list[list[Button]] = []
    decision = step.decision
    if decision is not None and view.choice is None:
        lines += ["", f"🤔 {bold('Your call:')} {esc(decision.situation)}"]
        buttons.append(
            [Button(c.label, encode(view.but(choice=i))) for i, c in enumerate(decision.choices, 1)]
        )
        buttons.append(_moves(view, number, len(day.steps), forward=False))
    else:
        if decision is not None and view.choice is not None:
            choice = decision.choices[view.choice - 1]
            lines += [
                "",
                f"🤔 {esc(decision.situation)}",
                f"You chose: {bold(choice.label)}",
                f"→ {esc(choice.outcome)}",
            ]
            buttons.append(
                [
                    Button(f"↩ Try: {c.label}", encode(view.but(choice=i)))
                    for i, c in enumerate(decision.choices, 1)
                    if i != view.choice
                ]
            )
        if number == len(day.steps):
            lines += ["", _recap(day)]
            buttons += _other_levels(view, store, level)
        buttons.append(_moves(view, number, len(day.steps), forward=True))
    buttons.append(nav(role_slug, Button("⬅ Levels", encode(View(section="day", role=role_slug)))))
    text = _brief(view, store, day, number) if brief else "\n".join(lines)
    return Reply(text, [row for row in buttons if row], shareable=number == 1)


def _brief(view: View, store: Store, day: Day, number: int) -> str:
    """A step in a few lines: what happens, or the call to make, or the call made."""
    assert view.role is not None and view.level is not None
    step = day.steps[number - 1]
    head = [
        f"🕘 {bold(stage_title(store, view.role, view.level))} — {esc(day.headline)}",
        f"Step {number} of {len(day.steps)} · {esc(step.time)} · {bold(step.title)}",
    ]
    decision = step.decision
    if decision is not None and view.choice is not None:
        choice = decision.choices[view.choice - 1]
        return "\n".join(
            [*head, f"You chose: {bold(choice.label)}", f"→ {esc(gist(choice.outcome, 200))}"]
        )
    lines = [*head, esc(gist(step.body, BRIEF_CHARS))]
    if decision is not None:
        lines.append(f"🤔 {bold('Your call:')} {esc(gist(decision.situation, 120))}")
    return "\n".join(lines)


def stage_title(store: Store, role: str, level: Level) -> str:
    """The title of the role at a level: its first career stage at that level."""
    stages = store.career_path(role).stages
    return next((s.title for s in stages if s.level == level), store.role(role).name)


def _moves(view: View, number: int, total: int, *, forward: bool) -> list[Button]:
    moves = []
    if number > 1:
        moves.append(Button("◀ Previous", encode(view.but(step=number - 1, choice=None))))
    if forward and number < total:
        moves.append(Button("Next ▶", encode(view.but(step=number + 1, choice=None))))
    return moves


def _recap(day: Day) -> str:
    """The end of the day: the skills it used, in order of first use."""
    used = list(dict.fromkeys(step.skill for step in day.steps))
    return f"🏁 {bold('End of the day.')} Skills it used: {esc(', '.join(used))}."


def _other_levels(view: View, store: Store, level: Level) -> list[list[Button]]:
    assert view.role is not None
    labels = store.level_labels()
    others = [
        Button(
            f"Try {labels[lv].lower()}",
            encode(View(section="day", role=view.role, level=lv, step=1)),
        )
        for lv in store.day_note(view.role).levels
        if lv != level
    ]
    return rows(others, 3)
