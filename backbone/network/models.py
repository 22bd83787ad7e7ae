"""The network: places, collectives, organizations, people and their affiliations."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Place(models.Model):
    """A node of the place tree: country → first-level subdivision → raion → hromada."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # Names in other languages, keyed by language code ({"uk": "Львівська область"}).
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=64, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    # The OCHA p-code differs from ISO 3166-2 (UA-46 vs UA46), so a place can carry both.
    pcode = models.CharField(_("p-code"), max_length=32, blank=True)
    # Any other codes the place is known by, per scheme: {"iso3166-1": "UA", "katottg":
    # "UA46000000000026241"}; each, like the code and the p-code, identifies it in a file.
    codes = models.JSONField(_("other codes"), default=dict, blank=True)

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.names.get((get_language() or "en")[:2], self.name)


class Phase(models.TextChoices):
    INITIATE = "initiate", _("Initiate action")
    ORGANIZE = "organize", _("Organize for impact")
    SUSTAIN = "sustain", _("Sustain action and impact")


class CollectiveLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


class CollectiveQuerySet(models.QuerySet["Collective"]):
    def with_descendants_of(self, collective: Collective) -> CollectiveQuerySet:
        return self.filter(pk__in=collective.tree_ids())


class Collective(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("level"), max_length=16, choices=CollectiveLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent collective"),
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("area served")
    )
    phase = models.CharField(
        _("phase"), max_length=16, choices=Phase.choices, default=Phase.INITIATE
    )
    # Four eyes: whoever submitted a set of figures may not also approve it.
    independent_approval = models.BooleanField(
        _("approval by a second person"),
        default=True,
        help_text=_("Figures are approved by someone other than the person who submitted them."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = CollectiveQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("collective")
        verbose_name_plural = _("collectives")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # A new or moved collective changes the tree of every collective above it: forget
        # what this instance and the parents it holds have memoised.
        node: Collective | None = self
        while node is not None:
            node.forget_tree()
            node = node._state.fields_cache.get("parent")

    def forget_tree(self) -> None:
        self.__dict__.pop("_tree", None)
        self.__dict__.pop("_ancestor_ids", None)

    def tree(self) -> list[tuple[int, int | None]]:
        """(id, parent id) of this collective and of every collective below it, breadth first,
        self first, each level in the collectives' usual order. One query, memoised: a
        collective fetched once per request is asked many times."""
        if "_tree" not in self.__dict__:
            table = connection.ops.quote_name(Collective._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(_TREE_SQL.format(table=table), [self.pk, _MAX_DEPTH])
                self.__dict__["_tree"] = [(pk, parent) for pk, parent in cursor.fetchall()]
        return self.__dict__["_tree"]

    def tree_ids(self) -> list[int]:
        """This collective's id and those of every collective below it (breadth first)."""
        return [pk for pk, _parent in self.tree()]

    def ancestor_ids(self) -> list[int]:
        """The ids of the collectives above this one, nearest first. One query (none for a
        collective at the top), memoised."""
        if "_ancestor_ids" not in self.__dict__:
            ids: list[int] = []
            if self.parent_id is not None:
                table = connection.ops.quote_name(Collective._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(_ANCESTORS_SQL.format(table=table), [self.parent_id, _MAX_DEPTH])
                    ids = [pk for (pk,) in cursor.fetchall()]
            self.__dict__["_ancestor_ids"] = ids
        return self.__dict__["_ancestor_ids"]


# A parent cycle cannot be made through the services; the bound keeps a hand-edited one from
# recursing for ever.
_MAX_DEPTH = 64

# Both run on SQLite and PostgreSQL. Within a level the rows come in Collective's ordering
# (level, name), as the level-by-level queries these replace returned them.
_TREE_SQL = """
WITH RECURSIVE tree (id, parent_id, depth) AS (
    SELECT id, parent_id, 0 FROM {table} WHERE id = %s
    UNION ALL
    SELECT c.id, c.parent_id, tree.depth + 1
    FROM {table} c JOIN tree ON c.parent_id = tree.id
    WHERE tree.depth < %s
)
SELECT tree.id, tree.parent_id FROM tree JOIN {table} c ON c.id = tree.id
ORDER BY tree.depth, c.level, c.name, c.id
"""

_ANCESTORS_SQL = """
WITH RECURSIVE up (id, parent_id, depth) AS (
    SELECT id, parent_id, 0 FROM {table} WHERE id = %s
    UNION ALL
    SELECT c.id, c.parent_id, up.depth + 1
    FROM {table} c JOIN up ON c.id = up.parent_id
    WHERE up.depth < %s
)
SELECT id FROM up ORDER BY depth
"""


class SectorCode(models.TextChoices):
    CHILD_PROTECTION = "child_protection", _("Child protection")
    SOCIAL_PROTECTION = "social_protection", _("Social protection")
    FAMILY_SUPPORT = "family_support", _("Family support")
    ALTERNATIVE_CARE = "alternative_care", _("Alternative care")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    DISABILITY = "disability", _("Disability inclusion")
    JUSTICE = "justice", _("Justice")
    HOUSING = "housing", _("Housing")
    MENTAL_HEALTH = "mental_health", _("Mental health and psychosocial support")
    LIVELIHOODS = "livelihoods", _("Livelihoods")
    HUMANITARIAN = "humanitarian", _("Humanitarian response")


class Sector(models.Model):
    """A field of work; the rows mirror SectorCode and are created by a data migration."""

    code = models.CharField(max_length=32, primary_key=True, choices=SectorCode.choices)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class OrganizationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    PUBLIC_SERVICE = "public_service", _("Public service provider")
    NGO = "ngo", _("NGO")
    CBO = "cbo", _("Community-based organization")
    FAITH_BASED = "faith_based", _("Faith-based organization")
    PRIVATE = "private", _("Private sector")
    ACADEMIC = "academic", _("Academic")
    FUNDER = "funder", _("Funder")
    MEDIA = "media", _("Media")
    INFORMAL = "informal", _("Informal community group")


class ResourcesTier(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer-run (no paid staff)")
    SMALL = "small", _("Small (1–10 staff)")
    MEDIUM = "medium", _("Medium (11–50 staff)")
    LARGE = "large", _("Large (more than 50 staff)")


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def active(self) -> OrganizationQuerySet:
        return self.filter(archived_at__isnull=True)

    def in_collective_tree(self, collective: Collective) -> OrganizationQuerySet:
        return self.filter(collective_id__in=collective.tree_ids())


class Organization(models.Model):
    collective = models.ForeignKey(
        Collective,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("collective"),
    )
    # Per language (name_en, name_uk, name_he: see translation.py); ``name`` reads the
    # reader's language with the fallback set in settings.
    name = models.CharField(_("name"), max_length=200)
    normalized_name = models.CharField(max_length=200, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    # The short name a 3W table or a partner's report may use instead ("IRC", "UNHCR").
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="organizations", verbose_name=_("sectors")
    )
    places_served = models.ManyToManyField(
        Place, blank=True, related_name="organizations", verbose_name=_("places served")
    )
    resources_tier = models.CharField(
        _("resources tier"), max_length=16, choices=ResourcesTier.choices, blank=True
    )
    non_traditional = models.BooleanField(
        _("non-traditional actor"),
        default=False,
        help_text=_("Not usually seen as part of this field, e.g. a business or a youth club."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The normalized names are derived (one per language, added by modeltranslation).
    history = HistoricalRecords(
        excluded_fields=[
            "normalized_name",
            *(f"normalized_name_{code}" for code, _label in settings.LANGUAGES),
        ],
        m2m_fields=[sectors, places_served],
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "normalized_name"], name="organization_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (as a person's ``display_name`` is)."""
        return self.name

    @property
    def other_names(self) -> list[tuple[str, str]]:
        """(language, name) of the names in other languages that differ from the one shown."""
        shown = self.name
        return [
            (code, getattr(self, f"name_{code}"))
            for code, _label in settings.LANGUAGES
            if getattr(self, f"name_{code}", None) and getattr(self, f"name_{code}") != shown
        ]


class LivedExperience(models.TextChoices):
    CARE_LEAVER = "care_leaver", _("Care leaver")
    PARENT = "parent", _("Parent with experience of the care system")
    CARER = "carer", _("Foster or kinship carer")
    DISABILITY = "disability", _("Person with disability")
    YOUNG_PERSON = "young_person", _("Young person in care")
    DISPLACED = "displaced", _("Internally displaced person")


class ContactVisibility(models.TextChoices):
    """Who besides the person sees their e-mail address and phone number."""

    STAFF = "staff", _("Backbone staff only")
    BODIES = "bodies", _("Backbone staff and members of the bodies I sit on")
    MEMBERS = "members", _("Every member of the collective")


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        return self.filter(archived_at__isnull=True)

    def sharing_a_body_with(self, user) -> PersonQuerySet:
        """People who currently hold a seat in an active body where the user's person does too.

        Seats belong to governance, which builds on the network: they are reached through the
        reverse relation and governance's own "current seat" rule, never imported here.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        seats = self.model._meta.get_field("body_memberships").related_model.objects
        own_bodies = (
            seats.current().filter(person__user=user, body__archived_at__isnull=True).values("body")
        )
        return self.filter(pk__in=seats.current().filter(body__in=own_bodies).values("person"))


class Person(models.Model):
    collective = models.ForeignKey(
        Collective, on_delete=models.PROTECT, related_name="people", verbose_name=_("collective")
    )
    name = models.CharField(_("name"), max_length=200)
    name_latin = models.CharField(_("name in Latin script"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    contact_visibility = models.CharField(
        _("who sees my contact details"),
        max_length=16,
        choices=ContactVisibility.choices,
        default=ContactVisibility.BODIES,
    )
    # Self-declared and optional; shown only to the person and to backbone staff.
    lived_experience = models.JSONField(_("lived experience"), default=list, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_latin and (get_language() or "en")[:2] != "uk":
            return self.name_latin
        return self.name

    def lived_experience_labels(self) -> list[str]:
        labels = dict(LivedExperience.choices)
        return [str(labels.get(code, code)) for code in self.lived_experience]


class Affiliation(models.Model):
    """A person's role at an organization, with dates: turnover is a known threat."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="affiliations")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="affiliations"
    )
    title = models.CharField(_("role"), max_length=120, blank=True)
    # May endorse documents (a scope of work, the common agenda) on the organization's behalf.
    speaks_for = models.BooleanField(_("speaks for the organization"), default=False)
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization"],
                condition=Q(end_date__isnull=True),
                name="affiliation_one_current_per_org",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="affiliation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organization}"
