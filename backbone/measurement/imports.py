"""The one pipeline every value comes in through: the web grid, uploads, the API and the CLI.

Rows are validated and written in batches inside one transaction while the file streams by;
if any row has a problem the transaction is rolled back, so an upload with errors saves
nothing. Each problem names its row, its column and what is wrong, in a plain sentence.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from backbone.accounts.models import RoleKind
from backbone.accounts.permissions import Action, can, roles_in
from backbone.lib.text import normalize_name
from backbone.measurement import periods
from backbone.measurement.models import (
    LIVE_STATUSES,
    Assignment,
    Dimension,
    Indicator,
    PeriodClosure,
    Source,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    Unit,
    Value,
)
from backbone.measurement.readers import Table, UnreadableFile, read_table
from backbone.measurement.services import combination_for
from backbone.measurement.workflow import submission_mark_replaced
from backbone.network.models import Place

BATCH = 5000
MAX_PROBLEMS = 1000
MAX_WARNINGS = 200
SUPPRESSED = {"c", "z", "k", "x", "..", ":", "[c]", "[z]", "[x]", "[k]", "low"}
ROLES = ("indicator", "place", "period", "organization", "value")
HEADER_ALIASES = {
    "indicator": {"indicator", "indicator code", "indicator_code", "indicator-code"},
    "place": {"place", "place code", "place_code", "location", "location code", "pcode"},
    "period": {"period", "month", "reporting period", "date"},
    "organization": {"organization", "organisation", "org", "organization code"},
    "value": {"value", "count", "number", "amount"},
}
IGNORED_HEADERS = {"status", "submission", "comment", "notes", "indicator name", "place name"}
HXL_ROLES = {
    "indicator": ("#indicator+code", "#indicator"),
    "place": ("#adm4+code", "#adm3+code", "#adm2+code", "#adm1+code", "#loc+code", "#country+code"),
    "period": ("#date+period", "#date"),
    "organization": ("#org+code", "#org+name", "#org"),
    "value": ("#indicator+value", "#indicator+num", "#value"),
}

HXL_CANDIDATES = sorted(
    ((tag, role) for role, tags in HXL_ROLES.items() for tag in tags),
    key=lambda pair: -len(pair[0]),
)


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None and self.column is None:
            return self.message
        if self.row is None:
            return _("column %(column)s: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column or "—",
            "message": self.message,
        }

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems
        self.warnings = warnings or []


@dataclass
class ImportResult:
    submission: Submission | None
    rows: int
    warnings: list[Problem] = field(default_factory=list)
    duplicate_of: Submission | None = None
    replaced: list[Submission] = field(default_factory=list)


@dataclass
class Catalogue:
    """Everything a row is checked against, loaded once per import."""

    indicators: dict[str, Indicator]
    places: dict[str, Place]
    place_parents: dict[int, int | None]
    dimensions: dict[str, Dimension]
    categories: dict[str, dict[str, int]]  # dimension code → {category code or name: id}
    indicator_dimensions: dict[int, set[str]]
    allowed: dict[int, set[int | None]] | None  # indicator id → assigned place ids; None: all
    closed_through: int | None
    current_month: int

    @classmethod
    def load(cls, *, collective, organization, user) -> Catalogue:
        indicators = {
            i.code: i
            for i in Indicator.objects.for_collective(collective).prefetch_related("dimensions")
        }
        places = {}
        parents = {}
        for place in Place.objects.only("pk", "code", "pcode", "parent_id", "name", "names"):
            places[place.code.upper()] = place
            if place.pcode:
                places.setdefault(place.pcode.upper(), place)
            parents[place.pk] = place.parent_id
        scope = [collective.pk, *collective.ancestor_ids()]
        dimensions = {
            d.code: d
            for d in Dimension.objects.filter(collective_id__in=scope).prefetch_related(
                "categories"
            )
        }
        categories: dict[str, dict[str, int]] = {}
        for code, dimension in dimensions.items():
            lookup: dict[str, int] = {}
            for category in dimension.categories.all():
                lookup[category.name.casefold()] = category.pk
                for name in category.names.values():
                    lookup[name.casefold()] = category.pk
                lookup[category.code.casefold()] = category.pk
            categories[code] = lookup
        allowed = None
        if RoleKind.STAFF not in roles_in(user, collective) and not user.is_superuser:
            assignments = Assignment.objects.filter(
                collective_id__in=collective.tree_ids(), organization=organization, user=user
            )
            if assignments.exists():
                allowed = defaultdict(set)
                for assignment in assignments:
                    allowed[assignment.indicator_id].add(assignment.place_id)
        closures = PeriodClosure.objects.filter(collective_id__in=scope)
        closed = max((c.closed_through for c in closures), default=None)
        return cls(
            indicators=indicators,
            places=places,
            place_parents=parents,
            dimensions=dimensions,
            categories=categories,
            indicator_dimensions={
                i.pk: {d.code for d in i.dimensions.all()} for i in indicators.values()
            },
            allowed=allowed,
            closed_through=_last_closed_month(closed),
            current_month=periods.current_month(timezone.localdate()),
        )

    def place_allowed(self, indicator_id: int, place_id: int) -> bool:
        if self.allowed is None:
            return True
        assigned = self.allowed.get(indicator_id)
        if not assigned:
            return False
        if None in assigned:
            return True
        node: int | None = place_id
        while node is not None:
            if node in assigned:
                return True
            node = self.place_parents.get(node)
        return False


def _last_closed_month(closed) -> int | None:
    """The last month index wholly on or before the closing date."""
    if closed is None:
        return None
    month = periods.month_index(closed.year, closed.month)
    month_ends = (closed + timezone.timedelta(days=1)).month != closed.month
    return month if month_ends else month - 1


def suggest(text: str, known: Iterable[str]) -> str:
    match = difflib.get_close_matches(str(text), list(known), n=1, cutoff=0.6)
    return _(" Did you mean “%s”?") % match[0] if match else ""


def _normalize_header(header: str) -> str:
    return " ".join(str(header).replace("_", " ").replace("-", " ").split()).casefold()


def map_columns(
    table: Table, catalogue: Catalogue, mapping: dict[str, str] | None = None
) -> tuple[dict[str, int], list[Problem], list[Problem]]:
    """Which column holds each role and each dimension; problems and notes for the rest."""
    problems: list[Problem] = []
    notes: list[Problem] = []
    found: dict[str, int] = {}
    headers = [_normalize_header(h) for h in table.headers]
    tags = [t.casefold() for t in table.tags] if table.tags else None
    for role_or_dimension, column in (mapping or {}).items():
        wanted = _normalize_header(column)
        index = next(
            (i for i, h in enumerate(headers) if h == wanted),
            next((i for i, t in enumerate(tags or []) if t == column.casefold()), None),
        )
        if index is None:
            problems.append(
                Problem(None, column, _("the mapping names this column but the file has none."))
            )
        else:
            found[role_or_dimension] = index
    for index, header in enumerate(headers):
        if index in found.values():
            continue
        role = _role_of(header, tags[index] if tags else "", catalogue)
        if role is None:
            label = table.headers[index] or (table.tags[index] if table.tags else "")
            if not label or (tags is not None and not tags[index]):
                continue  # untagged columns of an HXL table are not data, by HXL's convention
            if header in IGNORED_HEADERS:
                continue
            known = [*HEADER_ALIASES, *catalogue.dimensions]
            if tags is not None:
                notes.append(Problem(None, label, _("this column is not used.")))
            else:
                problems.append(
                    Problem(
                        None,
                        label,
                        _(
                            "this column is not an indicator, place, period, organization, "
                            "value or a dimension of this collective."
                        )
                        + suggest(header, known),
                    )
                )
        elif role in found:
            problems.append(
                Problem(None, table.headers[index], _("a second column for “%s”.") % role)
            )
        else:
            found[role] = index
    for role in ("indicator", "place", "period", "value"):
        if role not in found:
            expected = ", ".join(sorted(HEADER_ALIASES[role])[:3])
            hxl_hint = " / ".join(HXL_ROLES[role][:2])
            problems.append(
                Problem(
                    None,
                    role,
                    _("the file has no %(role)s column (a header such as %(names)s, or %(tags)s).")
                    % {"role": role, "names": expected, "tags": hxl_hint},
                )
            )
    return found, problems, notes


def _role_of(header: str, tag: str, catalogue: Catalogue) -> str | None:
    if tag:
        # Most specific hashtag first: #indicator+value is a value, #indicator+code an indicator.
        for candidate, role in HXL_CANDIDATES:
            if tag == candidate or tag.startswith(candidate + "+"):
                return role
        for code, dimension in catalogue.dimensions.items():
            if dimension.hxl_tag and tag == dimension.hxl_tag.casefold():
                return code
        return None
    for role, aliases in HEADER_ALIASES.items():
        if header in aliases:
            return role
    for code, dimension in catalogue.dimensions.items():
        if header in (code.casefold(), _normalize_header(dimension.name)):
            return code
    return None


def parse_number(cell: Any) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip().replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


class _Refuse(Exception):
    """Internal: unwinds the transaction of an import that must save nothing."""


def import_values(
    *,
    collective,
    organization,
    user,
    file_name: str,
    stream: IO[bytes],
    mapping: dict[str, str] | None = None,
    source: str = Source.UPLOAD,
    dry_run: bool = False,
) -> ImportResult:
    """Validate a file and store its values as a draft submission of the organization."""
    digest = _sha256(stream)
    if not dry_run:
        earlier = (
            Submission.objects.live()
            .filter(collective=collective, organization=organization, file_sha256=digest)
            .first()
        )
        if earlier is not None:
            return ImportResult(submission=earlier, rows=earlier.row_count, duplicate_of=earlier)
    try:
        table = read_table(file_name, stream)
    except UnreadableFile as error:
        raise ImportRefused([Problem(None, None, str(error))]) from None
    return store_rows(
        collective=collective,
        organization=organization,
        user=user,
        table=table,
        mapping=mapping,
        source=source,
        file_name=file_name,
        digest=digest,
        dry_run=dry_run,
    )


def store_rows(
    *,
    collective,
    organization,
    user,
    table: Table,
    mapping: dict[str, str] | None = None,
    source: str,
    file_name: str = "",
    digest: str = "",
    dry_run: bool = False,
) -> ImportResult:
    """Validate rows and write them as one new draft submission, or save nothing at all."""
    if organization.collective_id not in collective.tree_ids():
        raise ImportRefused(
            [Problem(None, None, _("This organization is not in this collective."))]
        )
    if not can(user, Action.SUBMISSION_CREATE, organization):
        raise ImportRefused(
            [
                Problem(
                    None,
                    None,
                    _("You cannot submit values for “%s”: you do not report for it.")
                    % organization.name,
                )
            ]
        )
    catalogue = Catalogue.load(collective=collective, organization=organization, user=user)
    columns, problems, notes = map_columns(table, catalogue, mapping)
    if problems:
        raise ImportRefused(problems, notes)
    outcome: ImportResult | None = None
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                collective=collective,
                organization=organization,
                source=source,
                file_name=file_name[:255],
                file_sha256=digest,
                created_by=user,
            )
            writer = _RowWriter(
                table=table,
                columns=columns,
                catalogue=catalogue,
                submission=submission,
                organization=organization,
                user=user,
            )
            writer.run()
            problems = writer.problems
            if not problems:
                replaced = _overlapping(submission, writer.pairs)
                problems = replaced.problems
            if problems:
                raise ImportRefused(problems, writer.warnings + notes)
            if writer.rows == 0:
                raise ImportRefused([Problem(None, None, _("The file has no values."))])
            submission.row_count = writer.rows
            submission.warnings = [w.as_dict() for w in (notes + writer.warnings)[:MAX_WARNINGS]]
            submission.save(update_fields=["row_count", "warnings"])
            _replace_unapproved(replaced.submissions, submission, user)
            SubmissionEvent.objects.create(
                submission=submission, action=SubmissionEvent.Action.CREATED, by=user
            )
            outcome = ImportResult(
                submission=submission,
                rows=writer.rows,
                warnings=notes + writer.warnings,
                replaced=replaced.submissions,
            )
            if dry_run:
                raise _Refuse
    except _Refuse:
        assert outcome is not None
        outcome.submission = None
    return outcome


@dataclass
class _Overlap:
    submissions: list[Submission]
    problems: list[Problem]


def _overlapping(submission: Submission, pairs: set[tuple[int, int]]) -> _Overlap:
    """Earlier live submissions of the organization for the same indicators and periods.

    A corrected file must cover each submission it overlaps entirely; otherwise values would
    be counted twice (partial overlap) or silently dropped.
    """
    earlier = list(
        Submission.objects.live()
        .filter(collective=submission.collective, organization=submission.organization)
        .exclude(pk=submission.pk)
    )
    found, problems = [], []
    for other in earlier:
        theirs = set(
            Value.objects.filter(submission=other).values_list("indicator_id", "period").distinct()
        )
        if not (theirs & pairs):
            continue
        missing = theirs - pairs
        if missing:
            codes = Indicator.objects.filter(pk__in={i for i, _p in missing}).values_list(
                "code", flat=True
            )
            sample = sorted(periods.code_of(p, periods.MONTHLY) for _i, p in missing)[:3]
            problems.append(
                Problem(
                    None,
                    None,
                    _(
                        "This file overlaps submission #%(pk)s but does not repeat all of it "
                        "(%(codes)s for %(periods)s are missing). Upload a file that corrects "
                        "the whole submission, or remove the overlapping rows."
                    )
                    % {
                        "pk": other.pk,
                        "codes": ", ".join(sorted(codes)),
                        "periods": ", ".join(sample),
                    },
                )
            )
        else:
            found.append(other)
    return _Overlap(found, problems)


def _replace_unapproved(earlier: list[Submission], submission: Submission, user) -> None:
    """Drafts, submitted and returned submissions are replaced at once; approved ones keep
    counting until the correction is approved (see submission_approve)."""
    for other in earlier:
        submission.replaces.add(other)
        if other.status != SubmissionStatus.APPROVED:
            submission_mark_replaced(submission=other, replacement=submission, by=user)


class _RowWriter:
    """Checks each row and writes the good ones in batches (rolled back if any is bad)."""

    def __init__(self, *, table, columns, catalogue: Catalogue, submission, organization, user):
        self.table = table
        self.catalogue = catalogue
        self.submission = submission
        self.organization = organization
        self.user = user
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.rows = 0
        self.pairs: set[tuple[int, int]] = set()
        self.headers = table.headers
        self.columns = columns
        self.dimension_columns = [
            (code, index) for code, index in columns.items() if code not in ROLES
        ]
        self.seen: dict[tuple, int] = {}
        self.batch: list[tuple] = []
        self.totals: dict[tuple[int, int, int], tuple[float, int]] = {}
        self.sums: dict[tuple[int, int, int], float] = defaultdict(float)
        self.combos: dict[str, int] = {}
        self.periods: dict[str, periods.Period | None] = {}
        self.history = self._history()
        self.org_names = {
            normalize_name(organization.name),
            normalize_name(organization.name_latin or organization.name),
            str(organization.pk),
        }

    def _history(self) -> dict[tuple[int, int], tuple[float, int]]:
        """Largest earlier approved value and count per indicator and cell, for warnings."""
        rows = (
            Value.objects.filter(
                organization=self.organization,
                collective=self.submission.collective,
                approved=True,
            )
            .values("indicator_id", "combination_id")
            .annotate(high=Max("value"), n=Count("id"))
        )
        return {(r["indicator_id"], r["combination_id"]): (r["high"], r["n"]) for r in rows}

    def header(self, role: str) -> str:
        index = self.columns[role]
        return self.headers[index] or (self.table.tags[index] if self.table.tags else role)

    def problem(self, row: int, role: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, self.header(role) if role else None, message))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(
                Problem(None, None, _("More problems follow; fix these and upload again."))
            )

    def warn(self, row: int, role: str, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(Problem(row, self.header(role) if role else None, message))

    def run(self) -> None:
        fast = self._fast_path()
        row = self.row
        for number, cells in self.table.rows:
            if not fast(number, cells):
                row(number, cells)
        self._settle_totals()
        self.flush()

    def _fast_path(self):  # noqa: C901 — the hot loop of every upload, kept in one closure
        """row() for the common case, in a fraction of the time: a file of text cells whose
        every indicator, place, period, organization and category text has already been found
        good, holding a fresh figure. Each distinct text is checked once, with the same rules
        as row(); the row's value is checked each time. For anything else (an unknown code, an
        odd value, a total, a duplicate, a short row) it returns False having changed nothing,
        and row() does the work and says what is wrong."""
        columns = self.columns
        catalogue = self.catalogue
        at_indicator = columns["indicator"]
        at_place = columns["place"]
        at_period = columns["period"]
        at_value = columns["value"]
        at_organization = columns.get("organization")
        dimension_codes = [code for code, _index in self.dimension_columns]
        dimension_indexes = [index for _code, index in self.dimension_columns]
        width = max(columns.values()) + 1
        if len(dimension_indexes) > 1:
            dimension_cells = operator.itemgetter(*dimension_indexes)
        elif dimension_indexes:
            only = dimension_indexes[0]

            def dimension_cells(cells):
                return (cells[only],)
        else:

            def dimension_cells(cells):
                return ()

        org_names = self.org_names
        history = self.history
        seen = self.seen
        sums = self.sums
        pairs = self.pairs
        batch = self.batch
        problems = self.problems
        submission_id = self.submission.pk
        collective_id = self.submission.collective_id
        organization_id = self.organization.pk
        current_month = catalogue.current_month
        closed_through = catalogue.closed_through
        count_unit, percentage_unit = Unit.COUNT, Unit.PERCENTAGE
        infinity = math.inf

        indicators: dict[str, list | None] = {}
        places: dict[str, int | None] = {}
        organizations: dict[str, bool] = {}

        def indicator_of(text):
            """[indicator, id, whole numbers only, at most 100, {period text: (month,
            (id, month)) or None}, {dimension cells: [combination id or None, category ids,
            warning threshold] or None}, {place id: assigned}]"""
            found = None
            if type(text) is str:
                indicator = catalogue.indicators.get(text.strip())
                if indicator is not None and not indicator.is_ratio:
                    found = [
                        indicator,
                        indicator.pk,
                        indicator.unit == count_unit,
                        indicator.unit == percentage_unit,
                        {},
                        {},
                        {},
                    ]
            indicators[text] = found
            return found

        def place_of(text):
            found = None
            if type(text) is str:
                place = catalogue.places.get(text.strip().upper())
                found = place.pk if place is not None else None
            places[text] = found
            return found

        def month_of(info, text):
            found = None
            if type(text) is str:
                period = periods.parse(text.strip())
                if (
                    period is not None
                    and period.frequency == info[0].frequency
                    and period.end < current_month
                    and (closed_through is None or period.end > closed_through)
                ):
                    found = (period.start, (info[1], period.start))
            info[4][text] = found
            return found

        def cell_of(info, texts):
            found = None
            if all(type(text) is str for text in texts):
                allowed = catalogue.indicator_dimensions.get(info[1])
                ids = []
                for code, text in zip(dimension_codes, texts, strict=True):
                    text = text.strip()
                    if text == "":
                        continue
                    category = catalogue.categories[code].get(text.casefold())
                    if category is None or code not in allowed:
                        ids = None
                        break
                    ids.append(category)
                if ids is not None and not (allowed and not ids):  # a total goes to row()
                    found = [None, ids, infinity]
            info[5][texts] = found
            return found

        def organization_ok(text):
            found = False
            if type(text) is str:
                named = text.strip()
                found = named == "" or normalize_name(named) in org_names
            organizations[text] = found
            return found

        def fast(number: int, cells: list) -> bool:
            if len(cells) < width or not any(cells):
                return False
            text = cells[at_indicator]
            info = indicators.get(text, False)
            if info is False:
                info = indicator_of(text)
            if info is None:
                return False
            text = cells[at_place]
            place_id = places.get(text, False)
            if place_id is False:
                place_id = place_of(text)
            if place_id is None:
                return False
            text = cells[at_period]
            month = info[4].get(text, False)
            if month is False:
                month = month_of(info, text)
            if month is None:
                return False
            if at_organization is not None:
                text = cells[at_organization]
                ok = organizations.get(text)
                if ok is None:
                    ok = organization_ok(text)
                if not ok:
                    return False
            text = cells[at_value]
            if type(text) is not str:
                return False
            try:
                value = float(text)  # what parse_number gives, when float() takes the text
            except ValueError:
                return False
            if (
                value < 0
                or value - value != 0  # not finite
                or (info[2] and value != int(value))
                or (info[3] and value > 100)
            ):
                return False
            texts = dimension_cells(cells)
            cell = info[5].get(texts, False)
            if cell is False:
                cell = cell_of(info, texts)
            if cell is None:
                return False
            indicator_id = info[1]
            if catalogue.allowed is not None:
                assigned = info[6].get(place_id)
                if assigned is None:
                    assigned = info[6][place_id] = catalogue.place_allowed(indicator_id, place_id)
                if not assigned:
                    return False
            combo = cell[0]
            if combo is None:
                combo = cell[0] = combination_for(cell[1], self.combos)
                earlier = history.get((indicator_id, combo))
                if earlier is not None and earlier[1] >= 3:
                    cell[2] = 3 * earlier[0] + 10
            start, pair = month
            if seen.setdefault((indicator_id, place_id, start, combo), number) != number:
                return False  # the same figure twice: row() says where
            sums[(indicator_id, place_id, start)] += value
            if value > cell[2]:
                self._check_history(number, info[0], combo, value)
            if not problems:
                self.rows += 1
                pairs.add(pair)
                batch.append(
                    (
                        submission_id,
                        collective_id,
                        organization_id,
                        indicator_id,
                        place_id,
                        start,
                        combo,
                        value,
                        False,
                    )
                )
                if len(batch) >= BATCH:
                    self.flush()
            return True

        return fast

    def cell(self, cells: list, role: str) -> Any:
        index = self.columns[role]
        value = cells[index] if index < len(cells) else None
        if isinstance(value, str):
            value = value.strip()
        return value

    def row(self, number: int, cells: list) -> None:  # noqa: C901 — one pass per row, by design
        if not any(cell not in (None, "") for cell in cells):
            return
        catalogue = self.catalogue
        bad = len(self.problems)
        code = self.cell(cells, "indicator")
        indicator = catalogue.indicators.get(str(code or "").strip())
        if indicator is None:
            self.problem(
                number,
                "indicator",
                _("unknown indicator “%s”.") % (code or "")
                + suggest(code or "", catalogue.indicators),
            )
        elif indicator.is_ratio:
            self.problem(
                number,
                "indicator",
                _("%(code)s is computed from %(num)s and %(den)s; report those instead.")
                % {
                    "code": indicator.code,
                    "num": indicator.numerator.code,
                    "den": indicator.denominator.code,
                },
            )
            indicator = None
        place_text = str(self.cell(cells, "place") or "").strip()
        place = catalogue.places.get(place_text.upper())
        if place is None:
            self.problem(
                number,
                "place",
                _("unknown place “%s”.") % place_text + suggest(place_text, catalogue.places),
            )
        period = self._period(number, self.cell(cells, "period"), indicator)
        if "organization" in self.columns:
            named = self.cell(cells, "organization")
            if named not in (None, "") and normalize_name(str(named)) not in self.org_names:
                self.problem(
                    number,
                    "organization",
                    _("“%(named)s” is not “%(org)s”, the organization this upload is for.")
                    % {"named": named, "org": self.organization.name},
                )
        raw = self.cell(cells, "value")
        value = None
        if raw in (None, ""):
            self.problem(number, "value", _("the value is empty."))
        elif str(raw).strip().lower() in SUPPRESSED:
            self.warn(
                number,
                "value",
                _("“%s” marks a suppressed figure; the row was left out.") % raw,
            )
            return
        else:
            value = parse_number(raw)
            if value is None:
                self.problem(number, "value", _("“%s” is not a number.") % raw)
        category_ids = []
        allowed_dimensions = catalogue.indicator_dimensions.get(indicator.pk) if indicator else ()
        for dimension_code, _index in self.dimension_columns:
            text = self.cell(cells, dimension_code)
            if text in (None, ""):
                continue
            category = catalogue.categories[dimension_code].get(str(text).casefold())
            if category is None:
                self.problem(
                    number,
                    dimension_code,
                    _("unknown %(dimension)s category “%(text)s”.")
                    % {"dimension": dimension_code, "text": text}
                    + suggest(
                        str(text).casefold(),
                        catalogue.categories[dimension_code],
                    ),
                )
            elif indicator is not None and dimension_code not in allowed_dimensions:
                self.problem(
                    number,
                    dimension_code,
                    _("%(code)s is not reported by %(dimension)s.")
                    % {"code": indicator.code, "dimension": dimension_code},
                )
            else:
                category_ids.append(category)
        if indicator is not None and value is not None:
            if value < 0:
                self.problem(number, "value", _("a value cannot be negative."))
            elif indicator.unit == Unit.COUNT and value != int(value):
                self.problem(number, "value", _("a count must be a whole number."))
            elif indicator.unit == Unit.PERCENTAGE and value > 100:
                self.problem(number, "value", _("a percentage cannot be above 100."))
        if (
            indicator is not None
            and place is not None
            and not catalogue.place_allowed(indicator.pk, place.pk)
        ):
            self.problem(
                number,
                "indicator",
                _("you are not assigned to report %(code)s for %(place)s.")
                % {"code": indicator.code, "place": place.code},
            )
        if len(self.problems) > bad or indicator is None or place is None or period is None:
            return
        is_total = bool(allowed_dimensions) and not category_ids
        key = (indicator.pk, place.pk, period.start)
        if is_total:
            if key in self.totals:
                self.problem(
                    number,
                    "value",
                    _("the same figure is already on row %s.") % self.totals[key][1],
                )
            else:
                self.totals[key] = (value, number)
            return
        combo = combination_for(category_ids, self.combos)
        full_key = (indicator.pk, place.pk, period.start, combo)
        first = self.seen.get(full_key)
        if first is not None:
            self.problem(number, "value", _("the same figure is already on row %s.") % first)
            return
        self.seen[full_key] = number
        self.sums[key] += value
        self._check_history(number, indicator, combo, value)
        self._append(indicator.pk, place.pk, period.start, combo, value)

    def _period(self, number: int, cell: Any, indicator: Indicator | None) -> periods.Period | None:
        if hasattr(cell, "year") and hasattr(cell, "month"):
            period = periods.parse_date_cell(cell)
        else:
            text = str(cell if cell is not None else "").strip()
            if text not in self.periods:
                self.periods[text] = periods.parse(text)
            period = self.periods[text]
            if period is None:
                self.problem(
                    number,
                    "period",
                    _("“%s” is not a period; write 2025-01, 2025-Q1 or 2025.") % text,
                )
                return None
        catalogue = self.catalogue
        if indicator is not None and period.frequency != indicator.frequency:
            example = periods.code_of(period.start, indicator.frequency)
            self.problem(
                number,
                "period",
                _("%(code)s is reported %(frequency)s; write the period as %(example)s.")
                % {
                    "code": indicator.code,
                    "frequency": indicator.get_frequency_display().lower(),
                    "example": example,
                },
            )
            return None
        if period.end >= catalogue.current_month:
            self.problem(number, "period", _("%s has not ended yet.") % period.code)
            return None
        if catalogue.closed_through is not None and period.end <= catalogue.closed_through:
            self.problem(
                number, "period", _("%s is closed; no more values are taken for it.") % period.code
            )
            return None
        return period

    def _check_history(self, number: int, indicator: Indicator, combo: int, value: float) -> None:
        earlier = self.history.get((indicator.pk, combo))
        if earlier is None or earlier[1] < 3:
            return
        high = earlier[0]
        if value > 3 * high + 10:
            self.warn(
                number,
                "value",
                _("%(value)s is far above this organization's earlier values (at most %(high)s).")
                % {"value": _fmt(value), "high": _fmt(high)},
            )

    def _settle_totals(self) -> None:
        """A total row beside its disaggregations is a check, not a second figure."""
        for key, (value, number) in self.totals.items():
            if key in self.sums:
                if not math.isclose(self.sums[key], value, rel_tol=1e-9, abs_tol=1e-9):
                    self.warn(
                        number,
                        "value",
                        _(
                            "the total %(total)s differs from the sum of its disaggregations "
                            "(%(sum)s); the disaggregated values were kept."
                        )
                        % {"total": _fmt(value), "sum": _fmt(self.sums[key])},
                    )
            else:
                combo = combination_for((), self.combos)
                self._append(key[0], key[1], key[2], combo, value)

    def _append(self, indicator_id, place_id, period, combo, value) -> None:
        if self.problems:
            return  # keep checking the rest of the file, but stop writing
        self.rows += 1
        self.pairs.add((indicator_id, period))
        self.batch.append(
            (
                self.submission.pk,
                self.submission.collective_id,
                self.organization.pk,
                indicator_id,
                place_id,
                period,
                combo,
                value,
                False,
            )
        )
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch or self.problems:
            return
        table = Value._meta.db_table
        names = (
            "submission_id, collective_id, organization_id, indicator_id, place_id, period, "
            "combination_id, value, approved"
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY takes rows several times faster than INSERT, even batched.
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in self.batch:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO {table} ({names}) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    self.batch,
                )
        self.batch.clear()  # in place: the fast path holds on to this list


def _fmt(number: float) -> str:
    return f"{number:g}" if number != int(number) else str(int(number))


def rows_from_grid(entries: Iterable[dict]) -> Table:
    """A Table from the web grid or the API: dicts with indicator, place, period, value and
    dimension codes, numbered from 1 in the order given."""
    entries = list(entries)
    keys: list[str] = []
    for entry in entries:
        for key in entry:
            if key not in keys:
                keys.append(key)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, entry in enumerate(entries, start=1):
            yield number, [entry.get(key) for key in keys]

    return Table(headers=keys, rows=rows(), kind="grid")


__all__ = [
    "ImportRefused",
    "ImportResult",
    "Problem",
    "import_values",
    "rows_from_grid",
    "store_rows",
    "LIVE_STATUSES",
]
