"""The demo's 3W: who does what, where, for whom. Eighty activities of twenty-six
organizations in the three oblasts and a few others, through the ordinary services and one
HXL file the charity's reporter imported.

The story a newcomer should see: in Kharkiv oblast nothing planned or ongoing serves children
with disabilities any more (the resource centre's projects ended and its day-care centre is
suspended): a gap. Two Lviv NGOs run a parenting programme for the same families at risk
this year: a duplication to look at. Two foster-carer trainings in Odesa oblast were looked
at and found complementary. A Lviv parish youth community is good at recruiting foster
families (its recorded strengths) and in no activity of the strategy that does it: a
suggestion. Six months of progress: most approved, one month returned, the last month of
two activities awaiting review.

Drawn from a generator of its own, so that adding the 3W shifts no other part of the demo.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from backbone.activities import services as activities
from backbone.activities.imports import import_activities
from backbone.activities.models import (
    Activity,
    ActivityImport,
    ActivityKind,
    ActivityOrganization,
    ActivityPlace,
    ActivityStatus,
    Group,
    ProgressReport,
)
from backbone.agenda.models import StrengthKind
from backbone.governance.models import Body, BodyKind
from backbone.interchange import periods
from backbone.lib.audit import acting_as
from backbone.measurement.models import Category, Indicator
from backbone.measurement.services import combination_for
from backbone.network import services as network
from backbone.network.models import Organization, Place

# code, English, Ukrainian, Hebrew, the agenda strategy it carries out, sector, the strengths
# (agenda StrengthKind keys) an organization needs to do it well, the indicators it feeds.
KINDS = [
    ("parenting", "Parenting programme", "Програма позитивного батьківства",
     "תוכנית הדרכת הורים", "case-management", "family_support",
     ["psychosocial", "case-management"], ["prevention-cases", "prevention-kept-together"]),
    ("foster-training", "Foster-carer training",
     "Навчання прийомних батьків і батьків-вихователів", "הכשרת הורי אומנה",
     "foster-recruitment", "alternative_care", ["foster-recruitment", "training"],
     ["foster-families", "family-based-care"]),
    ("case-management", "Family-support case management",
     "Супровід сімей методом ведення випадку", "ניהול מקרים לתמיכה במשפחות",
     "case-management", "child_protection", ["case-management"],
     ["prevention-cases", "prevention-closed"]),
    ("inclusive-education", "Inclusive education support", "Підтримка інклюзивного навчання",
     "תמיכה בחינוך מכליל", "closure-plans", "education", ["training", "psychosocial"],
     ["leaving-institutions"]),
    ("care-leaver-mentoring", "Care-leaver mentoring",
     "Наставництво для молоді, яка виходить із системи догляду",
     "חונכות לבוגרי השמה חוץ-ביתית", "closure-plans", "livelihoods",
     ["lived-experience", "psychosocial"], ["leaving-institutions"]),
    ("day-care", "Day care for children with disabilities",
     "Денний догляд для дітей з інвалідністю", "מעון יום לילדים עם מוגבלויות",
     "closure-plans", "disability", ["psychosocial", "case-management"], ["in-institutions"]),
    ("reintegration", "Family reintegration", "Реінтеграція дітей у родини",
     "שילוב מחדש של ילדים במשפחותיהם", "closure-plans", "alternative_care",
     ["case-management", "legal-aid"], ["reunifications", "leaving-institutions"]),
    ("awareness", "Community awareness", "Інформаційна робота в громадах",
     "העלאת מודעות בקהילה", "foster-recruitment", "family_support",
     ["community-mobilisation", "advocacy"], ["foster-families"]),
]  # fmt: skip

# code, English, Ukrainian, Hebrew, the category of the demo's dimensions it is (need comes
# from the population figures of that category).
GROUPS = [
    ("children-disabilities", "Children with disabilities", "Діти з інвалідністю",
     "ילדים עם מוגבלויות", ("disability", "yes")),
    ("care-leavers", "Care leavers", "Молодь, яка виходить із системи догляду",
     "צעירים היוצאים ממסגרות השמה", None),
    ("foster-families", "Foster families", "Прийомні сім'ї", "משפחות אומנה", None),
    ("families-at-risk", "Families at risk", "Сім'ї у складних життєвих обставинах",
     "משפחות בסיכון", None),
]  # fmt: skip

# Organizations the 3W names that the network did not have yet: collective slug (None: the
# national one), English, Ukrainian, kind, acronym, sectors, oblasts served.
NEW_ORGANIZATIONS = [
    (None, "UNICEF Ukraine", "ЮНІСЕФ Україна", "funder", "UNICEF",
     ["child_protection", "education"], ["UA-46", "UA-63", "UA-51"]),
    (None, "Nordic Children's Fund", "Північний дитячий фонд", "funder", "NCF",
     ["child_protection", "family_support"], ["UA-46", "UA-63", "UA-51"]),
    ("ua-46", "Open Doors Family Centre", "Сімейний центр «Відчинені двері»", "ngo", "ODFC",
     ["family_support", "disability"], ["UA-46"]),
]  # fmt: skip

FUNDING, PARTNER = "funding", "partner"
P = "progress"  # the activity reports its monthly progress
THIS_YEAR = "this-year"  # starts and ends within the current year (one overlapping year)
OVER = "over"  # reached more than it targeted, and says why

# The working groups, by a word of their English names.
WORKFORCE, CASE, FOSTER = "workforce", "case management", "foster"

# lead, kind, places, groups, partners (name, role), budget (currency, low, high, source),
# working group, activities (title, status, flags…).
PROGRAMMES = [
    # --- Lviv oblast ---------------------------------------------------------------------
    ("Lviv Regional Centre of Social Services", "foster-training", ["UA-46"], ["foster-families"],
     [("Common Cause Community Foundation", FUNDING)],
     ("UAH", 350_000, 900_000, "Common Cause Community Foundation, family-care grants"), FOSTER,
     [("PRIDE training for candidate foster carers, Lviv", "ongoing", P),
      ("PRIDE training for candidate foster carers, Drohobych and Stryi", "ongoing"),
      ("Refresher course for parents of family-type homes", "completed"),
      ("Training for foster carers of teenagers", "planned")]),
    ("Lviv Regional Centre of Social Services", "case-management", ["UA-46"],
     ["families-at-risk"], [("Children's Service of Lviv Oblast Military Administration", FUNDING)],
     ("UAH", 1_200_000, 3_500_000, "Oblast budget: family-support programme"), CASE,
     [("Case management for families at risk, Lviv city", "ongoing", P),
      ("Case management for displaced families in hromadas", "ongoing"),
      ("Mobile case-management team, Sambir raion", "ongoing"),
      ("Case-management pilot, Zolochiv raion", "completed")]),
    ("Lviv Regional Centre of Social Services", "awareness", ["UA-46"], [], [], None, FOSTER,
     [("Foster-care information days in Lviv hromadas", "ongoing"),
      ("'Open your home' evenings with parishes", "completed")]),
    ("Space of Trust", "parenting", ["UA-46"], ["families-at-risk"],
     [("Nordic Children's Fund", FUNDING)], ("EUR", 25_000, 80_000, "Nordic Children's Fund"),
     CASE,
     [("Parenting groups for families under stress, Lviv", "ongoing", P),
      ("Fathers' parenting circle", "completed"),
      ("Parenting course for parents of toddlers", "completed"),
      ("Parenting programme in Yavoriv hromadas", "planned")]),
    ("Open Doors Family Centre", "parenting", ["UA-46"], ["families-at-risk"], [],
     ("UAH", 400_000, 600_000, "Own funds and private donations"), CASE,
     [("Parenting programme 'Strong Families', Lviv", "ongoing", THIS_YEAR)]),
    ("Open Doors Family Centre", "inclusive-education", ["UA-46"], ["children-disabilities"],
     [("Nordic Children's Fund", FUNDING)],
     ("EUR", 40_000, 120_000, "Nordic Children's Fund, inclusion grant"), None,
     [("Teaching assistants for children with disabilities in Lviv schools", "ongoing"),
      ("Inclusive kindergarten groups, Lviv", "ongoing"),
      ("Speech therapy for children with disabilities", "planned")]),
    ("Children's Service of Lviv Oblast Military Administration", "reintegration", ["UA-46"], [],
     [("Children's Legal Clinic", PARTNER)], ("UAH", 500_000, 1_500_000, "Oblast budget"), CASE,
     [("Return home from Lviv oblast institutions", "ongoing"),
      ("Family reintegration of children from boarding schools", "ongoing")]),
    ("Svii Khlib Social Bakery", "care-leaver-mentoring", ["UA-46"], ["care-leavers"],
     [("Common Cause Community Foundation", FUNDING)],
     ("UAH", 200_000, 450_000, "Common Cause Community Foundation"), None,
     [("Apprenticeships and mentoring for care leavers", "ongoing", P),
      ("Supported first jobs for care leavers", "completed"),
      ("Mentors for care leavers starting out", "planned")]),
    ("Sykhiv Parents' Club", "day-care", ["UA-46"], ["children-disabilities"],
     [("Common Cause Community Foundation", FUNDING)],
     ("UAH", 300_000, 700_000, "Common Cause Community Foundation"), None,
     [("Day-care group for children with disabilities, Sykhiv", "ongoing", P),
      ("Respite weekends for parents of children with disabilities", "completed", OVER)]),
    # --- Kharkiv oblast ------------------------------------------------------------------
    ("Kharkiv Regional Centre of Social Services", "case-management", ["UA-63"],
     ["families-at-risk"], [],
     ("UAH", 900_000, 2_800_000, "Oblast budget: family-support programme"), CASE,
     [("Case management for families at risk, Kharkiv", "ongoing", P),
      ("Case management for families returning to de-occupied hromadas", "ongoing"),
      ("Case management in Izium and Kupiansk hromadas", "ongoing")]),
    ("Kharkiv Regional Centre of Social Services", "foster-training", ["UA-63"],
     ["foster-families"], [], ("UAH", 250_000, 600_000, "Oblast budget"), FOSTER,
     [("PRIDE training for candidate foster carers, Kharkiv", "ongoing"),
      ("Support groups for foster carers", "ongoing"),
      ("Training for emergency foster carers", "completed"),
      ("PRIDE training, spring cohort", "planned")]),
    ("Kharkiv Regional Centre of Social Services", "awareness", ["UA-63"], [], [], None, FOSTER,
     [("Neighbourhood meetings on foster care", "ongoing")]),
    # Both ended: Kharkiv's children with disabilities are served by nothing planned or
    # ongoing (the gap the demo shows).
    ("Inclusive Resource Centre No. 3, Kharkiv City Council", "inclusive-education", ["UA-63"],
     ["children-disabilities"], [], ("UAH", 150_000, 400_000, "City budget"), None,
     [("Inclusive education support in Kharkiv schools", "completed"),
      ("Individual learning plans for children leaving boarding schools", "completed")]),
    ("Inclusive Resource Centre No. 3, Kharkiv City Council", "day-care", ["UA-63"],
     ["children-disabilities"], [("UNICEF Ukraine", FUNDING)], ("USD", 60_000, 60_000, "UNICEF"),
     None, [("Day-care centre for children with disabilities, Saltivka", "suspended")]),
    ("Step Home Charity", "care-leaver-mentoring", ["UA-63"], ["care-leavers"],
     [("Aldermoor Foundation for Children", FUNDING)],
     ("EUR", 30_000, 90_000, "Aldermoor Foundation for Children"), None,
     [("Mentoring for care leavers, Kharkiv", "ongoing", P),
      ("Supported housing for care leavers", "ongoing"),
      ("Life-skills course for young people leaving care", "completed")]),
    ("Step Home Charity", "reintegration", ["UA-63"], [],
     [("Aldermoor Foundation for Children", FUNDING)],
     ("EUR", 20_000, 60_000, "Aldermoor Foundation for Children"), CASE,
     [("Return home for children evacuated from Kharkiv institutions", "ongoing"),
      ("Kinship care support after evacuation", "ongoing"),
      ("Family reintegration after evacuation, second phase", "planned")]),
    # --- Odesa oblast --------------------------------------------------------------------
    ("Odesa Regional Children's Clinical Hospital", "day-care", ["UA-51"],
     ["children-disabilities"], [("UNICEF Ukraine", FUNDING)], ("USD", 80_000, 250_000, "UNICEF"),
     None,
     [("Day care and rehabilitation for children with disabilities", "ongoing", P),
      ("Early-intervention service for infants with disabilities", "ongoing"),
      ("Home visits for children with complex needs", "planned")]),
    ("Sunny Circle", "inclusive-education", ["UA-51"], ["children-disabilities"],
     [("Grain of Kindness Foundation", FUNDING)],
     ("UAH", 300_000, 800_000, "Grain of Kindness Foundation"), None,
     [("Inclusive classrooms in Odesa schools", "ongoing"),
      ("Summer inclusive camp", "completed")]),
    ("Sunny Circle", "parenting", ["UA-51"], ["families-at-risk"], [], None, CASE,
     [("Parenting programme for young parents, Odesa", "ongoing"),
      ("Parenting support in Izmail and Bilhorod-Dnistrovskyi", "ongoing"),
      ("Parenting groups for displaced families", "completed")]),
    ("Children's Service of Odesa Oblast Military Administration", "reintegration", ["UA-51"],
     [], [("Odesa Oblast Foster Parents' Initiative", PARTNER)],
     ("UAH", 600_000, 1_400_000, "Oblast budget"), CASE,
     [("Return home from Odesa oblast institutions", "ongoing"),
      ("A reintegration plan for every child in boarding schools", "ongoing"),
      ("Family reintegration with kinship carers", "completed")]),
    ("Children's Service of Odesa Oblast Military Administration", "case-management", ["UA-51"],
     ["families-at-risk"], [], ("UAH", 700_000, 1_800_000, "Oblast budget"), CASE,
     [("Case management for families at risk, Odesa", "ongoing", P),
      ("Case-management hotline for families", "completed")]),
    ("Children's Service of Odesa Oblast Military Administration", "awareness", ["UA-51"], [],
     [], None, FOSTER, [("Radio series on foster families", "cancelled")]),
    ("Kovcheh Charity Mission", "care-leaver-mentoring", ["UA-51"], ["care-leavers"],
     [("Grain of Kindness Foundation", FUNDING)],
     ("UAH", 150_000, 350_000, "Grain of Kindness Foundation"), None,
     [("Mentoring for care leavers, Odesa", "ongoing", P),
      ("Transitional flat for care leavers", "ongoing"),
      ("Career days for care leavers", "completed")]),
    # --- National organizations ----------------------------------------------------------
    # The same training in the same oblast and year: the working group found them
    # complementary (reviewed below).
    ("Foster Families Network of Ukraine", "foster-training", ["UA-51"], ["foster-families"],
     [("Nordic Children's Fund", FUNDING), ("Odesa Oblast Foster Parents' Initiative", PARTNER)],
     ("EUR", 30_000, 50_000, "Nordic Children's Fund"), FOSTER,
     [("Foster-carer training in Odesa oblast", "ongoing", THIS_YEAR)]),
    ("House of Mercy Interfaith Mission", "foster-training", ["UA-51"], ["foster-families"], [],
     None, FOSTER, [("Training for church families who foster", "ongoing", THIS_YEAR)]),
    ("Foster Families Network of Ukraine", "foster-training", ["UA-32", "UA-30"],
     ["foster-families"], [], ("EUR", 20_000, 45_000, "Own funds"), FOSTER,
     [("Foster-carer training in Kyiv and Kyiv oblast", "ongoing"),
      ("Peer support for foster carers, Kyiv region", "ongoing")]),
    ("Pro Ditei online outlet", "awareness", ["UA"], [],
     [("Aldermoor Foundation for Children", FUNDING)],
     ("EUR", 15_000, 40_000, "Aldermoor Foundation for Children"), FOSTER,
     [("National campaign 'Every child needs a family'", "ongoing"),
      ("Stories of foster families, video series", "completed"),
      ("Campaign for foster carers of teenagers", "planned")]),
    ("National Social Service of Ukraine", "case-management", ["UA"], ["families-at-risk"], [],
     ("UAH", 4_000_000, 9_000_000, "State budget"), WORKFORCE,
     [("National case-management standard: training of trainers", "ongoing"),
      ("Electronic case register for hromadas", "ongoing")]),
    ("National Social Service of Ukraine", "case-management", ["UA-53", "UA-05"],
     ["families-at-risk"], [("Nordic Children's Fund", FUNDING)],
     ("EUR", 50_000, 120_000, "Nordic Children's Fund"), WORKFORCE,
     [("Supervision for case managers in Poltava and Vinnytsia oblasts", "ongoing"),
      ("Case-management coaching for new social workers", "planned")]),
    ("Warm at Home Foundation", "reintegration", ["UA-32", "UA-12"], [],
     [("UNICEF Ukraine", FUNDING), ("Children's Legal Clinic", PARTNER)],
     ("USD", 100_000, 300_000, "UNICEF"), CASE,
     [("Family reintegration in Kyiv and Dnipropetrovsk oblasts", "ongoing"),
      ("Legal and social support for returning children", "completed"),
      ("Family reintegration, Kyiv oblast hromadas", "planned")]),
]  # fmt: skip

# The charity's own 3W, as its reporter imported it (an OCHA-style HXL file): lead, funder,
# kind, title, place p-code, group, start and end (days from today), status, targeted,
# reached, budget, currency, funding source. Rows repeating an activity in another place are
# one activity.
CHARITY = "Family Nearby Charity"
HXL_HEADERS = [
    ("Organisation", "#org+name"), ("Funder", "#org+funder"),
    ("Activity type", "#activity+type+code"), ("Activity", "#activity+name"),
    ("Oblast", "#adm1+code"), ("Group", "#beneficiary"), ("Start", "#date+start"),
    ("End", "#date+end"), ("Status", "#status"), ("Targeted", "#targeted"),
    ("Reached", "#reached"), ("Budget", "#value+budget"), ("Currency", "#currency"),
    ("Funding source", "#meta+funding"),
]  # fmt: skip
IMPORTED = [
    ("NCF", "parenting", "Parenting groups for families under stress", "UA63",
     "families-at-risk", -420, 300, "ongoing", 180, 96, 42_000, "EUR", "Nordic Children's Fund"),
    ("NCF", "parenting", "Parenting groups for families under stress", "UA32",
     "families-at-risk", -420, 300, "ongoing", 120, 58, 42_000, "EUR", "Nordic Children's Fund"),
    ("UNICEF Ukraine", "case-management", "Emergency support for displaced families", "UA-30",
     "Families at risk", -300, 420, "триває", 400, 212, 60_000, "USD", "UNICEF"),
    ("UNICEF Ukraine", "case-management", "Emergency support for displaced families", "UA32",
     "Families at risk", -300, 420, "триває", 300, 141, 50_000, "USD", "UNICEF"),
    ("UNICEF Ukraine", "case-management", "Emergency support for displaced families", "UA12",
     "Families at risk", -300, 420, "триває", 450, 190, 70_000, "USD", "UNICEF"),
    ("", "reintegration", "Family reintegration support, Kyiv", "UA-30", "", 45, 410,
     "planned", 40, "", "", "", ""),
    ("", "parenting", "Parenting course, spring cohort", "UA63", "families-at-risk", -330, -200,
     "completed", 60, 57, "", "", ""),
    ("", "care-leaver-mentoring", "Mentoring for care leavers in Kyiv oblast", "UA32",
     "care-leavers", -200, 500, "ongoing", 35, 14, "", "", ""),
    ("NCF", "foster-training", "Support groups for foster carers", "UA12", "foster-families",
     -260, 360, "ongoing", 40, 22, 9_000, "EUR", "Nordic Children's Fund"),
    ("NCF", "foster-training", "Support groups for foster carers", "UA53", "foster-families",
     -260, 360, "ongoing", 30, 15, 7_000, "EUR", "Nordic Children's Fund"),
    ("", "awareness", "Foster-care information days, Kyiv", "UA-30", "", -150, 200, "Ongoing",
     2_000, 850, "", "", ""),
]  # fmt: skip

# People an activity of each kind targets in a place (low, high).
SCALE = {
    "parenting": (40, 200),
    "foster-training": (15, 60),
    "case-management": (80, 400),
    "inclusive-education": (20, 120),
    "care-leaver-mentoring": (15, 80),
    "day-care": (15, 60),
    "reintegration": (10, 60),
    "awareness": (500, 20_000),
}
# Split by sex in progress reports: the activities for children and young people.
SPLIT_BY_SEX = {"day-care", "care-leaver-mentoring"}
PROGRESS_MONTHS = 6
# Its reporter is correcting a month that went back; these two have last month awaiting review.
RETURNED = "Space of Trust"
AWAITING = {CHARITY, "Odesa Regional Children's Clinical Hospital"}
THREE_W_DAYS = 400  # the collective has kept its 3W for about this long
IMPORTED_DAYS_AGO = 190  # the charity's file, before its first month of progress


def build_activities(*, collectives, organizations, users, national_slug, **_later) -> None:
    rng = random.Random("activities")  # noqa: S311 — demo data, not security
    national = collectives[national_slug]
    staff = users["staff"]
    today = timezone.localdate()
    kinds = _vocabulary(national)
    groups = _groups(national)
    by_name = {o.name_en: o for o in organizations}
    for slug, en, uk, kind, acronym, sectors, served in NEW_ORGANIZATIONS:
        by_name[en] = network.organization_create(
            collective=collectives[slug] if slug else national,
            names={"en": en, "uk": uk},
            kind=kind,
            acronym=acronym,
            sectors=sectors,
            places_served=list(Place.objects.filter(code__in=served)),
        )
    places = {p.code: p for p in Place.objects.filter(Q(parent__code="UA") | Q(code="UA"))}
    bodies = list(Body.objects.filter(collective=national, kind=BodyKind.WORKING_GROUP))
    indicators = {i.code: i for i in Indicator.objects.filter(collective=national)}
    returning = by_name[RETURNED]
    recorded: list[tuple[Activity, dt.date]] = []  # each activity and the day it was recorded
    reporting: list[tuple[Activity, dict[int, list[int]]]] = []  # place → people a month
    for lead_name, kind_code, codes, group_codes, partners, budget, group_word, items in PROGRAMMES:
        lead = by_name[lead_name]
        # A reporter's organization records its own activities; staff record the others'.
        by = users["reporter2"] if _reports_for(users["reporter2"], lead) else staff
        working_group = next(
            (b for b in bodies if group_word and group_word in b.name_en.lower()), None
        )
        for title, status, *flags in items:
            start, end, status = _dates(rng, today, status, set(flags))
            low, high = SCALE[kind_code]
            figures, monthly = [], {}
            for code in codes:
                targeted = None if status == "cancelled" else rng.randint(low, high)
                reached = _reached(rng, status, targeted)
                if P in flags:
                    months = _monthly(rng, targeted, returned=lead.pk == returning.pk)
                    monthly[places[code].pk] = months
                    reached = min(targeted, round(targeted * rng.uniform(0.1, 0.25)) + sum(months))
                figures.append(activities.PlaceFigures(places[code], targeted, reached))
            note = ""
            if OVER in flags:
                figures[0].reached = round(figures[0].targeted * 1.2)
                note = (
                    "More families came than planned after a day centre nearby closed; the "
                    "group took them in."
                )
            amount, currency, source = None, "", ""
            if budget is not None:
                currency, least, most, source = budget
                amount = Decimal(round(rng.uniform(least, most), -3))
            with acting_as(by):
                activity = activities.activity_create(
                    collective=lead.collective,
                    data=activities.ActivityInput(
                        kind=kinds[kind_code],
                        title=title,
                        lead=lead,
                        places=figures,
                        partners=[(by_name[name], role) for name, role in partners],
                        working_group=working_group,
                        start=start,
                        end=end,
                        status=status,
                        budget=amount,
                        currency=currency,
                        funding_source=source,
                        groups=[groups[code] for code in group_codes],
                        indicators=[indicators[code] for code in KIND_INDICATORS[kind_code]],
                        note=note,
                    ),
                    by=by,
                )
            recorded.append((activity, _recorded_on(rng, today, start)))
            if P in flags:
                reporting.append((activity, monthly))
    imported = _import(national, users["reporter"], today)
    reporting.append(
        (imported, {p.place_id: _monthly(rng, p.targeted) for p in imported.places.all()})
    )
    reports = _progress(rng, reporting, users)
    _date_the_history(rng, today, kinds, groups, recorded, imported.source_import, reports)
    _reviews_and_comments(national, kinds, groups, places, users)


KIND_INDICATORS = {code: feeds for code, *_rest, feeds in KINDS}


def _vocabulary(national) -> dict[str, ActivityKind]:
    result = {}
    for position, (code, en, uk, he, strategy, sector, strengths, _feeds) in enumerate(KINDS):
        result[code] = ActivityKind.objects.create(
            collective=national,
            code=code,
            name=en,
            name_en=en,
            name_uk=uk,
            name_he=he,
            strategy=strategy,
            sector=sector,
            strengths=strengths,
            position=(position + 1) * 10,
        )
    known = set(StrengthKind.objects.filter(collective=None).values_list("key", flat=True))
    needed = {key for kind in KINDS for key in kind[6]}
    assert needed <= known, needed - known  # noqa: S101 — the demo's own data
    return result


def _groups(national) -> dict[str, Group]:
    result = {}
    for position, (code, en, uk, he, category) in enumerate(GROUPS):
        found = None
        if category is not None:
            dimension, category_code = category
            found = Category.objects.get(
                dimension__collective=national, dimension__code=dimension, code=category_code
            )
        result[code] = Group.objects.create(
            collective=national,
            code=code,
            name=en,
            name_en=en,
            name_uk=uk,
            name_he=he,
            category=found,
            position=(position + 1) * 10,
        )
    return result


def _reports_for(user, organization: Organization) -> bool:
    return user.roles.filter(kind="reporter", organization=organization).exists()


def _dates(rng, today: dt.date, status: str, flags: set[str]):
    """Start and end that agree with the status (and with today, whenever the demo is built)."""
    days = dt.timedelta
    if THIS_YEAR in flags:
        start, end = dt.date(today.year, 1, 20), dt.date(today.year, 12, 15)
        if today < start:
            return start, end, ActivityStatus.PLANNED
        return start, end, ActivityStatus.ONGOING if today <= end else ActivityStatus.COMPLETED
    if status == "ongoing":
        # Reporting monthly: started before the six months of progress.
        begun = rng.randint(240, 700) if P in flags else rng.randint(60, 700)
        end = today + days(rng.randint(120, 540)) if rng.random() < 0.85 else None
        return today - days(begun), end, ActivityStatus.ONGOING
    if status == "completed":
        end = today - days(rng.randint(40, 400))
        return end - days(rng.randint(150, 500)), end, ActivityStatus.COMPLETED
    if status in ("planned", "cancelled"):
        start = today + days(rng.randint(20, 150))
        return start, start + days(rng.randint(180, 540)), ActivityStatus(status)
    # Suspended: under way until shelling closed the building.
    return (
        today - days(rng.randint(300, 500)),
        today + days(rng.randint(60, 300)),
        ActivityStatus.SUSPENDED,
    )


def _reached(rng, status: str, targeted: int | None) -> int | None:
    if targeted is None or status in ("planned", "cancelled"):
        return None
    share = {"completed": (0.85, 1.0), "suspended": (0.1, 0.4)}.get(status, (0.2, 0.6))
    return round(targeted * rng.uniform(*share))


def _hxl(today: dt.date) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([header for header, _tag in HXL_HEADERS])
    writer.writerow([tag for _header, tag in HXL_HEADERS])
    for funder, kind, title, place, group, start, end, status, *rest in IMPORTED:
        writer.writerow(
            [
                CHARITY,
                funder,
                kind,
                title,
                place,
                group,
                (today + dt.timedelta(days=start)).isoformat(),
                (today + dt.timedelta(days=end)).isoformat(),
                status,
                *rest,
            ]
        )
    return io.BytesIO(out.getvalue().encode())


def _import(national, reporter, today: dt.date) -> Activity:
    """The charity's reporter imports its 3W; returns its parenting programme, which reports
    progress."""
    with acting_as(reporter):
        result = import_activities(
            collective=national,
            user=reporter,
            file_name="family-nearby-3w.csv",
            stream=_hxl(today),
        )
    return Activity.objects.get(
        source_import=result.record, title="Parenting groups for families under stress"
    )


def _monthly(rng, targeted: int, *, returned: bool = False) -> list[int]:
    """People reached in each month of progress. The activity whose report goes back repeats
    the month before in its fifth month (the reason it goes back), and has not reported the
    last month yet."""
    months = [max(1, round(targeted * rng.uniform(0.03, 0.07))) for _ in range(PROGRESS_MONTHS)]
    if returned:
        months[-2] = months[-3]
        months.pop()
    return months


def _progress(rng, reporting, users) -> list[tuple[ProgressReport, dt.date]]:
    """Six months of people reached, ending last month, submitted by the lead organization's
    reporter (or the data officer): approved by staff, but for one month returned with a
    reason and the last month of two activities awaiting review. Returns each report with
    the day it was submitted."""
    staff, officer = users["staff"], users["staff2"]
    last = periods.current_month() - 1
    first = last - PROGRESS_MONTHS + 1
    total = combination_for([])
    girls, boys = (
        combination_for([Category.objects.get(dimension__code="sex", code=code).pk])
        for code in ("f", "m")
    )
    reports = []
    for activity, monthly in reporting:
        lead = activity.roles.get(role="lead").organization
        reporter = next(
            (users[u] for u in ("reporter", "reporter2") if _reports_for(users[u], lead)), None
        )
        by = reporter or officer
        for offset in range(max(len(months) for months in monthly.values())):
            month = first + offset
            figures = []
            for place_id, months in monthly.items():
                reached = months[offset]
                figures.append((place_id, total, reached))
                if activity.kind.code in SPLIT_BY_SEX:
                    share = round(reached * rng.uniform(0.4, 0.6))
                    figures += [(place_id, girls, share), (place_id, boys, reached - share)]
            with acting_as(by):
                report = activities.progress_submit(
                    activity=activity, period=month, figures=figures, by=by
                )
            # Reported in the first days of the month after.
            reports.append(
                (report, periods.month_date(month + 1) + dt.timedelta(rng.randint(1, 8)))
            )
            if month == last and lead.name_en in AWAITING:
                continue
            with acting_as(staff):
                if lead.name_en == RETURNED and month == last - 1:
                    activities.progress_review(
                        report=report,
                        by=staff,
                        approve=False,
                        comment=(
                            f"{periods.code_of(month, 'monthly')} repeats the month before "
                            f"exactly ({figures[0][2]} families): please check it against "
                            "your attendance register."
                        ),
                    )
                else:
                    activities.progress_review(report=report, by=staff, approve=True)
    return reports


def _recorded_on(rng, today: dt.date, start: dt.date | None) -> dt.date:
    """The day an activity was recorded: a few weeks before it started, but not before the
    collective began its 3W (what had started by then was recorded in its first month)."""
    began = today - dt.timedelta(days=THREE_W_DAYS)
    day = (start or today) - dt.timedelta(days=rng.randint(7, 45))
    day = max(day, began + dt.timedelta(days=rng.randint(0, 30)))
    return min(day, today - dt.timedelta(days=rng.randint(3, 20)))


def _at(rng, day: dt.date, *, before: dt.datetime) -> dt.datetime:
    """A moment of office hours on the day, and before ``before``."""
    moment = dt.datetime.combine(
        day,
        dt.time(rng.randint(9, 17), rng.randint(0, 59)),
        tzinfo=timezone.get_current_timezone(),
    )
    return min(moment, before)


def _date_the_history(rng, today, kinds, groups, recorded, source_import, reports) -> None:
    """The 3W was kept over the past year: its entries in the history are dated when they
    happened (an activity when it was recorded, a month's progress early in the month after
    it, the charity's file half a year ago), not all at the moment the demo is built, so the
    audit log's first page and What is new still open on the latest work (the bodies, the
    figures, the agenda), as in a collective that has kept a 3W for a year; several hundred
    entries would otherwise push those out. Only the dates move: every record was written
    by the services above."""
    now = timezone.now()
    began = _at(rng, today - dt.timedelta(days=THREE_W_DAYS + 1), before=now)
    for model, records in ((ActivityKind, kinds.values()), (Group, groups.values())):
        model.history.filter(id__in=[r.pk for r in records]).update(history_date=began)
    for activity, day in recorded:
        when = _at(rng, day, before=now - dt.timedelta(days=3))
        Activity.objects.filter(pk=activity.pk).update(created_at=when)
        Activity.history.filter(id=activity.pk).update(history_date=when)
        for model in (ActivityOrganization, ActivityPlace):
            model.history.filter(activity_id=activity.pk).update(history_date=when)
    # The file as one batch, as it was imported.
    when = _at(rng, today - dt.timedelta(days=IMPORTED_DAYS_AGO), before=now)
    ActivityImport.objects.filter(pk=source_import.pk).update(at=when)
    imported = list(source_import.activity_rows.values_list("pk", flat=True))
    Activity.objects.filter(pk__in=imported).update(created_at=when)
    Activity.history.filter(id__in=imported).update(history_date=when)
    for model in (ActivityOrganization, ActivityPlace):
        model.history.filter(activity_id__in=imported).update(history_date=when)
    history = ProgressReport.history.model
    changed = []
    for report, day in reports:
        submitted = _at(rng, day, before=now - dt.timedelta(hours=3))
        reviewed = _at(
            rng, day + dt.timedelta(rng.randint(1, 5)), before=now - dt.timedelta(hours=1)
        )
        reviewed = max(reviewed, submitted + dt.timedelta(minutes=20))
        rows = list(history.objects.filter(id=report.pk).order_by("history_id"))
        rows[0].history_date = submitted
        for row in rows[1:]:
            row.history_date = reviewed
        changed += rows
        ProgressReport.objects.filter(pk=report.pk).update(submitted_at=submitted)
        ProgressReport.objects.filter(pk=report.pk, reviewed_at__isnull=False).update(
            reviewed_at=reviewed
        )
    history.objects.bulk_update(changed, ["history_date"], batch_size=500)


def _reviews_and_comments(national, kinds, groups, places, users) -> None:
    facilitator = users["facilitator"]
    today = timezone.localdate()
    with acting_as(facilitator):
        activities.overlap_mark_reviewed(
            collective=national,
            place=places["UA-51"],
            kind=kinds["foster-training"],
            group=groups["foster-families"],
            year=today.year,
            reason=(
                "Not a duplicate: the network trains new candidate families (PRIDE), the "
                "mission runs refresher courses for church families already fostering."
            ),
            by=facilitator,
        )
        foster = Activity.objects.filter(
            working_group__name_en__icontains="foster", status=ActivityStatus.ONGOING
        ).order_by("pk")
        first, second = foster[0], foster[1]
        activities.activity_comment(
            activity=first,
            by=facilitator,
            body="Could the next cohort include kinship carers? Several asked at our last meeting.",
        )
        activities.activity_comment(
            activity=second,
            by=facilitator,
            body="Please add the number of families approved after training to the next "
            "progress report; the working group tracks it against the foster-families "
            "indicator.",
        )
