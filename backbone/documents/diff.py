"""A structured comparison of two versions of a document: field by field, as each kind of
document declares (`DocumentVersion.compared`). Texts are compared line by line, side by side,
and word by word within a changed line; values as a whole; lists of items item by item."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from backbone.documents.models import DocumentVersion, Items, Text, Value

SAME, CHANGED, REMOVED, ADDED = "same", "changed", "removed", "added"
_WORDS = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Segment:
    text: str
    change: str  # SAME, or REMOVED on the left / ADDED on the right


@dataclass(frozen=True)
class Line:
    left_number: int | None
    left: tuple[Segment, ...]
    right_number: int | None
    right: tuple[Segment, ...]
    change: str

    @property
    def left_text(self) -> str:
        return "".join(s.text for s in self.left)

    @property
    def right_text(self) -> str:
        return "".join(s.text for s in self.right)


@dataclass(frozen=True)
class ItemChange:
    key: str
    title: str
    change: str
    fields: tuple[tuple[str, Any, Any], ...] = ()  # (field, before, after) that differ


@dataclass(frozen=True)
class Change:
    name: str
    label: str
    kind: str  # "text", "value" or "items"
    changed: bool
    before: Any = None
    after: Any = None
    lines: tuple[Line, ...] = ()
    items: tuple[ItemChange, ...] = field(default=())


def compare(old: DocumentVersion, new: DocumentVersion) -> list[Change]:
    """How `new` differs from `old`, one entry per compared field (unchanged ones included,
    marked so, for the side-by-side page)."""
    if type(old) is not type(new):
        raise TypeError("Only versions of one kind of document can be compared")
    changes = []
    for spec in new.compared:
        label = str(new._meta.get_field(spec.name).verbose_name)
        before, after = getattr(old, spec.name), getattr(new, spec.name)
        if isinstance(spec, Text):
            lines = tuple(text_lines(before or "", after or ""))
            changed = any(line.change != SAME for line in lines)
            changes.append(Change(spec.name, label, "text", changed, before, after, lines))
        elif isinstance(spec, Items):
            items = tuple(item_changes(before or [], after or [], spec))
            changed = any(item.change != SAME for item in items)
            changes.append(Change(spec.name, label, "items", changed, before, after, items=items))
        elif isinstance(spec, Value):
            changes.append(Change(spec.name, label, "value", before != after, before, after))
        else:  # pragma: no cover - a kind added to models.Compared but not here
            raise TypeError(f"Cannot compare {spec!r}")
    return changes


def differs(old: DocumentVersion, new: DocumentVersion) -> bool:
    """Whether anything compared changed (a version that changes nothing is not published)."""
    return _normalized(old.content()) != _normalized(new.content())


def _normalized(content: dict[str, Any]) -> dict[str, Any]:
    return {
        name: (value.replace("\r\n", "\n").strip() if isinstance(value, str) else value)
        for name, value in content.items()
    }


def text_lines(before: str, after: str) -> list[Line]:
    """Side-by-side lines: unchanged lines face each other, a changed line faces its new
    wording (its removed and added words marked), removed and added lines face a gap."""
    a, b = before.splitlines(), after.splitlines()
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [
                Line(i + 1, _plain(a[i]), j + 1, _plain(b[j]), SAME)
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        if tag == "delete":
            lines += [Line(i + 1, _plain(a[i], REMOVED), None, (), REMOVED) for i in range(i1, i2)]
            continue
        if tag == "insert":
            lines += [Line(None, (), j + 1, _plain(b[j], ADDED), ADDED) for j in range(j1, j2)]
            continue
        for k in range(max(i2 - i1, j2 - j1)):  # "replace": pair the lines in order
            i, j = i1 + k, j1 + k
            if i < i2 and j < j2:
                left, right = words(a[i], b[j])
                lines.append(Line(i + 1, left, j + 1, right, CHANGED))
            elif i < i2:
                lines.append(Line(i + 1, _plain(a[i], REMOVED), None, (), REMOVED))
            else:
                lines.append(Line(None, (), j + 1, _plain(b[j], ADDED), ADDED))
    return lines


def _plain(text: str, change: str = SAME) -> tuple[Segment, ...]:
    return (Segment(text, change),) if text else ()


def words(before: str, after: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """One changed line each side, as runs of unchanged and removed (left) or added (right)
    words; the spaces between words count as words, so the text joins back exactly."""
    a, b = _WORDS.split(before), _WORDS.split(after)
    left: list[Segment] = []
    right: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(left, "".join(a[i1:i2]), SAME)
            _append(right, "".join(b[j1:j2]), SAME)
        else:
            _append(left, "".join(a[i1:i2]), REMOVED)
            _append(right, "".join(b[j1:j2]), ADDED)
    return tuple(left), tuple(right)


def _append(segments: list[Segment], text: str, change: str) -> None:
    if not text:
        return
    if segments and segments[-1].change == change:
        segments[-1] = Segment(segments[-1].text + text, change)
    else:
        segments.append(Segment(text, change))


def item_changes(before: list[dict], after: list[dict], spec: Items) -> list[ItemChange]:
    """Items in the new version's order, then the removed ones in the old version's order."""
    old = {str(item.get(spec.key)): item for item in before}
    new = {str(item.get(spec.key)): item for item in after}
    found: list[ItemChange] = []
    for key, item in new.items():
        title = str(item.get(spec.title, key))
        if key not in old:
            found.append(ItemChange(key, title, ADDED))
            continue
        names = [n for n in {**old[key], **item} if n != spec.key]
        fields = tuple(
            (name, old[key].get(name), item.get(name))
            for name in names
            if old[key].get(name) != item.get(name)
        )
        found.append(ItemChange(key, title, CHANGED if fields else SAME, fields))
    found += [
        ItemChange(key, str(item.get(spec.title, key)), REMOVED)
        for key, item in old.items()
        if key not in new
    ]
    return found
