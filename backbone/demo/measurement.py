"""The demo's shared measurement: 12 care-reform indicators, disaggregations, goals, and
monthly values for three oblasts up to last month, all through the ordinary upload pipeline.

The story a newcomer should see: institutions empty steadily while children with
disabilities stay behind (an equity flag); the counting rule of one indicator changed in
July 2025; one submission was returned; the Odesa service is late with last month's figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools

from backbone.interchange import periods
from backbone.measurement import services as measurement
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.submissions.workflow import (
    submission_approve,
    submission_return,
    submission_submit,
)
from backbone.network.models import Place

MONTHS = 33  # about three years of monthly data, ending last month

DIMENSIONS = [
    ("sex", "Sex", {"uk": "Стать", "he": "מין"}, "#gender+code",
     [("f", "Girls", {"uk": "Дівчата", "he": "בנות"}), ("m", "Boys", {"uk": "Хлопці", "he": "בנים"})]),
    ("age", "Age band", {"uk": "Вікова група", "he": "קבוצת גיל"}, "#age+range",
     [("0-2", "0–2"), ("3-6", "3–6"), ("7-13", "7–13"), ("14-17", "14–17")]),
    ("disability", "Disability", {"uk": "Інвалідність", "he": "מוגבלות"}, "#is_disabled",
     [("yes", "With disability", {"uk": "З інвалідністю", "he": "עם מוגבלות"}),
      ("no", "Without disability", {"uk": "Без інвалідності", "he": "ללא מוגבלות"})]),
]  # fmt: skip

# code, name, uk name, kind, direction, aggregation ("stock": summed across places, the last
# value over time), dimensions, counting rule
INDICATORS = [
    ("in-institutions", "Children in residential institutions", "Діти в закладах інституційного догляду",
     "population", "down", "stock", ["sex", "age", "disability"],
     "Children of 0–17 years living in a residential institution (baby homes, children's homes, "
     "boarding schools of the social-protection system) on the last day of the month."),
    ("family-based-care", "Children placed in family-based care", "Діти, влаштовані в сімейні форми виховання",
     "how_much", "up", "sum", ["sex", "age"],
     "Children placed during the month in foster families, family-type children's homes, "
     "guardianship or adoption."),
    ("reunifications", "Children reunified with their families", "Діти, повернуті в біологічні сім'ї",
     "better_off", "up", "sum", ["sex"],
     "Children who left care during the month to live with their parents again."),
    ("leaving-institutions", "Children leaving institutions", "Діти, які вибули із закладів",
     "how_much", "up", "sum", ["sex", "age", "disability"],
     "Children who left a residential institution during the month, for any destination."),
    ("prevention-cases", "Family-separation prevention cases opened", "Відкриті випадки запобігання розлученню",
     "how_much", "up", "sum", [],
     "Families at risk of separation who started receiving support during the month."),
    ("prevention-closed", "Prevention cases closed", "Закриті випадки запобігання розлученню",
     "how_much", "neutral", "sum", [],
     "Prevention cases closed during the month, whatever the outcome."),
    ("prevention-kept-together", "Prevention cases closed with the child at home",
     "Випадки, закриті з дитиною вдома", "better_off", "up", "sum", [],
     "Prevention cases closed during the month where the child still lives with the family."),
    ("prevention-success", "Share of prevention cases where the family stayed together",
     "Частка випадків, у яких сім'я залишилася разом", "better_off", "up", "ratio", [],
     "prevention-kept-together ÷ prevention-closed × 100."),
    ("foster-families", "Foster families active", "Активні прийомні сім'ї",
     "how_well", "up", "stock", [],
     "Foster families and family-type homes with at least one child placed at month end."),
    ("social-workers", "Social workers in post", "Соціальні працівники на посадах",
     "how_much", "up", "stock", [],
     "Social workers employed by hromadas and the regional centre at month end."),
    ("child-population", "Children living in the area", "Кількість дітей, які проживають",
     "population", "neutral", "stock", [],
     "Resident children of 0–17 years, State Statistics Service estimate."),
    ("social-workers-per-10k", "Social workers per 10,000 children", "Соціальні працівники на 10 000 дітей",
     "how_well", "up", "ratio", [],
     "social-workers ÷ child-population × 10,000."),
]  # fmt: skip

# Hebrew names and the counting rules in Ukrainian and Hebrew, by indicator code.
NAMES_HE = {
    "in-institutions": "ילדים במוסדות פנימייה",
    "family-based-care": "ילדים שהושמו בטיפול משפחתי",
    "reunifications": "ילדים שאוחדו מחדש עם משפחותיהם",
    "leaving-institutions": "ילדים שעזבו מוסדות",
    "prevention-cases": "תיקי מניעת הפרדה משפחתית שנפתחו",
    "prevention-closed": "תיקי מניעה שנסגרו",
    "prevention-kept-together": "תיקי מניעה שנסגרו כשהילד נשאר בבית",
    "prevention-success": "שיעור תיקי המניעה שבהם המשפחה נשארה יחד",
    "foster-families": "משפחות אומנה פעילות",
    "social-workers": "עובדים סוציאליים בתפקיד",
    "child-population": "ילדים המתגוררים באזור",
    "social-workers-per-10k": "עובדים סוציאליים לכל 10,000 ילדים",
}
RULES_UK = {
    "in-institutions": "Діти віком 0–17 років, які в останній день місяця проживають у закладі інституційного догляду (будинки дитини, дитячі будинки, інтернатні заклади системи соціального захисту).",
    "family-based-care": "Діти, влаштовані протягом місяця в прийомні сім'ї, дитячі будинки сімейного типу, під опіку чи піклування або усиновлені.",
    "reunifications": "Діти, які протягом місяця вибули з догляду, щоб знову жити зі своїми батьками.",
    "leaving-institutions": "Діти, які протягом місяця вибули із закладу інституційного догляду, незалежно від того, куди.",
    "prevention-cases": "Сім'ї з ризиком розлучення з дитиною, які протягом місяця почали отримувати підтримку.",
    "prevention-closed": "Випадки запобігання розлученню, закриті протягом місяця, незалежно від результату.",
    "prevention-kept-together": "Випадки запобігання розлученню, закриті протягом місяця, коли дитина й далі живе із сім'єю.",
    "prevention-success": "prevention-kept-together ÷ prevention-closed × 100.",
    "foster-families": "Прийомні сім'ї та дитячі будинки сімейного типу, у яких на кінець місяця влаштовано принаймні одну дитину.",
    "social-workers": "Соціальні працівники, які на кінець місяця працюють у громадах та обласному центрі соціальних служб.",
    "child-population": "Діти віком 0–17 років, які проживають на території, за оцінкою Державної служби статистики.",
    "social-workers-per-10k": "social-workers ÷ child-population × 10 000.",
}
RULES_HE = {
    "in-institutions": "ילדים בני 0–17 המתגוררים במוסד פנימייה (בתי תינוקות, בתי ילדים, פנימיות של מערכת הרווחה) ביום האחרון של החודש.",
    "family-based-care": "ילדים שהושמו במהלך החודש במשפחות אומנה, בבתי ילדים מסוג משפחתי, באפוטרופסות או באימוץ.",
    "reunifications": "ילדים שעזבו את מסגרת הטיפול במהלך החודש כדי לחיות שוב עם הוריהם.",
    "leaving-institutions": "ילדים שעזבו מוסד פנימייה במהלך החודש, לכל יעד שהוא.",
    "prevention-cases": "משפחות בסיכון להפרדה שהחלו לקבל תמיכה במהלך החודש.",
    "prevention-closed": "תיקי מניעה שנסגרו במהלך החודש, תהא התוצאה אשר תהא.",
    "prevention-kept-together": "תיקי מניעה שנסגרו במהלך החודש כשהילד עדיין גר עם המשפחה.",
    "prevention-success": "prevention-kept-together ÷ prevention-closed × 100.",
    "foster-families": "משפחות אומנה ובתי ילדים מסוג משפחתי שבהם הושם לפחות ילד אחד בסוף החודש.",
    "social-workers": "עובדים סוציאליים המועסקים ברשויות המקומיות ובמרכז האזורי בסוף החודש.",
    "child-population": "ילדים בני 0–17 המתגוררים באזור, לפי אומדן שירות הסטטיסטיקה הממלכתי.",
    "social-workers-per-10k": "social-workers ÷ child-population × 10,000.",
}

RATIOS = {
    "prevention-success": ("prevention-kept-together", "prevention-closed", "percentage", None),
    "social-workers-per-10k": ("social-workers", "child-population", "rate", 10000),
}

# Per oblast: the service that reports the population figures, and its scale.
OBLASTS = {
    "UA-46": ("Children's Service of Lviv Oblast Military Administration", 1.0),
    "UA-63": ("Children's Service of Kharkiv Oblast Military Administration", 0.8),
    "UA-51": ("Children's Service of Odesa Oblast Military Administration", 1.2),
}
SERVICE_INDICATORS = [
    "in-institutions",
    "family-based-care",
    "reunifications",
    "leaving-institutions",
    "foster-families",
    "social-workers",
    "child-population",
]
PREVENTION = ["prevention-cases", "prevention-closed", "prevention-kept-together"]
AGE_SHARE = {"0-2": 0.12, "3-6": 0.2, "7-13": 0.38, "14-17": 0.3}
# Children counted by indicators about children are also shown per 10,000 children.
PER_10K = {"in-institutions", "family-based-care", "reunifications", "leaving-institutions"}
# Child population (0–17) of the three reporting oblasts in the first year, State Statistics
# Service's order of magnitude; every other oblast gets a plausible figure of its own.
CHILDREN = {"UA-46": 478_000, "UA-63": 452_000, "UA-51": 497_000}
# The age bands' share of children (they are 3, 4, 7 and 4 years wide; births have fallen).
AGE_POPULATION = {"0-2": 0.13, "3-6": 0.21, "7-13": 0.40, "14-17": 0.26}
DISABLED_SHARE = 0.027


def build_measurement(*, rng, collectives, organizations, users, national_slug: str) -> None:
    national = collectives[national_slug]
    staff = users["staff"]
    dimensions = {}
    for position, (code, name, names, tag, categories) in enumerate(DIMENSIONS):
        dimensions[code] = measurement.dimension_create(
            collective=national,
            code=code,
            name=name,
            names=names,
            hxl_tag=tag,
            categories=categories,
            position=position,
        )
    last = periods.current_month() - 1
    first = last - MONTHS + 1
    start_date = periods.month_date(first)
    by_english = {o.name_en: o for o in organizations}
    indicators = {}
    for position, (code, name, uk, kind, direction, aggregation, dims, rule) in enumerate(
        INDICATORS
    ):
        extra = {}
        if code in RATIOS:
            numerator, denominator, unit, rate_per = RATIOS[code]
            extra = {
                "numerator": indicators[numerator],
                "denominator": indicators[denominator],
                "unit": unit,
                "rate_per": rate_per,
            }
        if code in PER_10K:
            extra["population_rate_per"] = 10000
        indicators[code] = measurement.indicator_create(
            collective=national,
            code=code,
            name=name,
            names={"uk": uk, "he": NAMES_HE[code]},
            counting_rule=rule,
            counting_rules={"uk": RULES_UK[code], "he": RULES_HE[code]},
            effective_from=start_date,
            kind=kind,
            direction=direction,
            aggregation="sum" if aggregation == "stock" else aggregation,
            time_aggregation="last" if aggregation == "stock" else "sum",
            dimensions=[dimensions[d] for d in dims],
            data_source="Partner reports",
            owner=by_english["National Social Service of Ukraine"],
            position=position,
            by=staff,
            **extra,
        )
    change = periods.month_index(2025, 7)
    measurement.indicator_redefine(
        indicator=indicators["in-institutions"],
        counting_rule=(
            "Children of 0–17 years living in a residential institution on the last day of the "
            "month, now including boarding schools of the education system where a child stays "
            "more than 30 days in a row."
        ),
        effective_from=periods.month_date(change),
        counting_rules={
            "uk": (
                "Діти віком 0–17 років, які в останній день місяця проживають у закладі "
                "інституційного догляду, тепер разом з інтернатними закладами системи освіти, "
                "якщо дитина перебуває там понад 30 днів поспіль."
            ),
            "he": (
                "ילדים בני 0–17 המתגוררים במוסד פנימייה ביום האחרון של החודש, כעת כולל "
                "פנימיות של מערכת החינוך שבהן ילד שוהה יותר מ־30 ימים ברציפות."
            ),
        },
        change_note="Boarding schools of the education system are now counted.",
        by=staff,
    )
    _goals(indicators, dimensions, national, first, last)
    _populations(rng, national, staff, first, last)
    measurement.period_close(
        collective=national, closed_through=periods.month_date(first) - dt.timedelta(days=1)
    )
    _values(rng, collectives, by_english, users, indicators, first, last, change, national_slug)


def _goals(indicators, dimensions, national, first, last) -> None:
    target_period = periods.Period(periods.bucket(last, "annual") + 11, "monthly")
    baseline_period = periods.Period(first, "monthly")
    goals = [
        ("in-institutions", "baseline", baseline_period, 2890, None),
        ("in-institutions", "target", target_period, 1500, None),
        ("in-institutions", "target", target_period, 420, ("disability", "yes")),
        ("family-based-care", "target", target_period, 160, None),
        ("social-workers-per-10k", "baseline", baseline_period, 3.1, None),
        ("social-workers-per-10k", "target", target_period, 5, None),
        ("prevention-success", "target", target_period, 80, None),
    ]
    for code, kind, period, value, subgroup in goals:
        category = None
        if subgroup:
            category = dimensions[subgroup[0]].categories.get(code=subgroup[1])
        measurement.target_set(
            indicator=indicators[code],
            collective=national,
            kind=kind,
            period=period,
            value=value,
            category=category,
        )


def _populations(rng, national, staff, first: int, last: int) -> None:
    """Child population per oblast, year, sex and age band, and by disability, through the
    population importer. The last year has no figure yet (statistics come a year late):
    its rates use the year before, and say so."""
    rows = []
    oblasts = Place.objects.filter(parent__code="UA", level=1).order_by("code")
    for oblast in oblasts:
        base = CHILDREN.get(oblast.code) or rng.randrange(90_000, 420_000, 1000)
        for year in range(first // 12, last // 12):
            children = base * (0.985 ** (year - first // 12))
            for sex, sex_share in (("f", 0.487), ("m", 0.513)):
                for age, age_share in AGE_POPULATION.items():
                    figure = round(children * sex_share * age_share)
                    rows.append({"place": oblast.code, "year": year, "sex": sex, "age": age,
                                 "disability": "all", "value": figure})  # fmt: skip
            disabled = round(children * DISABLED_SHARE)
            for disability, figure in (("yes", disabled), ("no", round(children) - disabled)):
                rows.append({"place": oblast.code, "year": year, "sex": "all", "age": "all",
                             "disability": disability, "value": figure})  # fmt: skip
    if rows:
        from backbone.measurement.populations.files import import_population

        import_population(
            collective=national,
            user=staff,
            file_name="child-population.csv",
            stream=_population_csv(rows),
            source="State Statistics Service of Ukraine, estimates (demo figures)",
        )


def _service_rows(rng, oblast: str, scale: float, month: int, first: int, change: int):
    """One month of an oblast service's figures, disaggregated where the indicator asks."""
    t = month - first
    redefined = 1.12 if month >= change else 1.0
    rows = []
    for sex, age, disability in itertools.product(("f", "m"), AGE_SHARE, ("yes", "no")):
        share = (0.47 if sex == "f" else 0.53) * AGE_SHARE[age]
        if disability == "yes":
            # Children with disabilities leave institutions far more slowly: the equity gap.
            base = 330 * scale * share * (1 - 0.004 * t)
        else:
            base = 640 * scale * share * (1 - 0.018 * t)
        value = max(0, round(base * redefined * rng.uniform(0.97, 1.03)))
        rows.append(("in-institutions", oblast, month, sex, age, disability, value))
        leaving = max(
            0, round((9 if disability == "no" else 1.5) * scale * share * 4 * rng.uniform(0.6, 1.4))
        )
        rows.append(("leaving-institutions", oblast, month, sex, age, disability, leaving))
    for sex, age in itertools.product(("f", "m"), AGE_SHARE):
        placed = round((2 + 0.12 * t) * scale * AGE_SHARE[age] * 4 * rng.uniform(0.7, 1.3))
        rows.append(("family-based-care", oblast, month, sex, age, "", placed))
    for sex in ("f", "m"):
        rows.append(
            (
                "reunifications",
                oblast,
                month,
                sex,
                "",
                "",
                round((4 + 0.1 * t) * scale * rng.uniform(0.6, 1.4)),
            )
        )
    rows.append(("foster-families", oblast, month, "", "", "", round((95 + 2.2 * t) * scale)))
    rows.append(("social-workers", oblast, month, "", "", "", round((160 + 2.5 * t) * scale)))
    rows.append(
        ("child-population", oblast, month, "", "", "", round(510000 * scale * (1 - 0.001 * t)))
    )
    return rows  # fmt: skip


def _prevention_rows(rng, places, month, first, scale=1.0):
    t = month - first
    rows = []
    for place in places:
        opened = round((18 + 0.4 * t) * scale * rng.uniform(0.8, 1.2))
        closed = round(opened * rng.uniform(0.7, 0.95))
        kept = round(closed * min(0.9, 0.62 + 0.007 * t) * rng.uniform(0.95, 1.05))
        rows += [
            ("prevention-cases", place, month, "", "", "", opened),
            ("prevention-closed", place, month, "", "", "", closed),
            ("prevention-kept-together", place, month, "", "", "", min(kept, closed)),
        ]
    return rows


def _csv(rows) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator", "place", "period", "sex", "age", "disability", "value"])
    for code, place, month, sex, age, disability, value in rows:
        writer.writerow(
            [code, place, periods.code_of(month, "monthly"), sex, age, disability, value]
        )
    return io.BytesIO(out.getvalue().encode())


def _population_csv(rows: list[dict]) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode())


def _upload(collective, organization, user, rows, name):
    return import_values(
        collective=collective,
        organization=organization,
        user=user,
        file_name=name,
        stream=_csv(rows),
    ).submission


def _yearly(first: int, last: int):
    """Month ranges by calendar year: one submission per organization per year."""
    for _year, months in itertools.groupby(range(first, last + 1), key=lambda m: m // 12):
        yield list(months)


def _values(rng, collectives, by_english, users, indicators, first, last, change, national_slug):
    # The data officer enters the state services' figures; the coordinator approves them
    # (four eyes: nobody approves what they submitted).
    staff, officer = users["staff"], users["staff2"]
    national = collectives[national_slug]
    reporter_org = users["reporter"].roles.get(kind="reporter").organization
    reporter2_org = users["reporter2"].roles.get(kind="reporter").organization
    oblast_places = {p.code: p for p in Place.objects.filter(code__in=OBLASTS)}
    for code, (service_name, scale) in OBLASTS.items():
        service = by_english[service_name]
        collective = collectives[code.lower()]
        for indicator in SERVICE_INDICATORS:
            measurement.assignment_add(
                collective=collective,
                organization=service,
                indicator=indicators[indicator],
                place=oblast_places[code],
            )
        for months in _yearly(first, last):
            finished = [m for m in months if m < last]
            if not finished:
                continue
            rows = [r for m in finished for r in _service_rows(rng, code, scale, m, first, change)]
            submission = _upload(
                collective, service, officer, rows, f"{code}-{finished[0] // 12}.csv"
            )
            submission_submit(submission=submission, by=officer)
            submission_approve(submission=submission, by=staff)
        # Last month: Lviv approved, Kharkiv awaiting review, Odesa late.
        if code in ("UA-46", "UA-63"):
            rows = _service_rows(rng, code, scale, last, first, change)
            submission = _upload(collective, service, officer, rows, f"{code}-last-month.csv")
            submission_submit(submission=submission, by=officer)
            if code == "UA-46":
                submission_approve(submission=submission, by=staff)
    # Prevention: the national charity works in all three oblasts (its reporter is assigned
    # to these three indicators only), a Lviv NGO in Lviv; both count some of the same families.
    for indicator in PREVENTION:
        measurement.assignment_add(
            collective=national,
            organization=reporter_org,
            indicator=indicators[indicator],
            user=users["reporter"],
        )
        measurement.assignment_add(
            collective=reporter2_org.collective,
            organization=reporter2_org,
            indicator=indicators[indicator],
            place=oblast_places["UA-46"],
        )
    for months in _yearly(first, last - 1):
        rows = [r for m in months for r in _prevention_rows(rng, list(OBLASTS), m, first)]
        submission = _upload(
            national, reporter_org, users["reporter"], rows, f"prevention-{months[0] // 12}.csv"
        )
        submission_submit(submission=submission, by=users["reporter"])
        submission_approve(submission=submission, by=staff)
    lviv = collectives["ua-46"]
    for months in [*_yearly(first, last - 1), [last]]:
        rows = [r for m in months for r in _prevention_rows(rng, ["UA-46"], m, first, 0.4)]
        name = f"lviv-prevention-{periods.code_of(months[0], 'monthly')}.csv"
        submission = _upload(lviv, reporter2_org, users["reporter2"], rows, name)
        submission_submit(submission=submission, by=users["reporter2"])
        if months == [last]:
            closed = submission.values.get(indicator__code="prevention-closed")
            submission_return(
                submission=submission,
                by=staff,
                reason="Closed cases for last month look high against the cases you had open; "
                "please check them against your case register.",
                comments={closed.pk: "More than opened this month: check the case register."},
            )
        else:
            submission_approve(submission=submission, by=staff)
    for month in range(max(first, last - 11), last):
        measurement.adjustment_set(
            collective=national,
            indicator=indicators["prevention-cases"],
            place=oblast_places["UA-46"],
            period=month,
            amount=3,
            reason="Families supported by both the charity and the Lviv NGO (case lists compared).",
            by=staff,
        )  # fmt: skip
