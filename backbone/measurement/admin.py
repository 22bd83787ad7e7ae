"""Shared measurement in the admin. Definitions can be corrected here; the figures and their
workflow cannot: submissions, values, events, definitions' versions and the approved totals
are written only by the services (upload, submit, approve, return), which keep the totals
cache and the audit trail right."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from backbone.interchange import periods
from backbone.lib.admin import NotedAdmin, ReadOnlyAdmin, ReadOnlyInline
from backbone.measurement.models import (
    Adjustment,
    ApprovedStock,
    ApprovedTotal,
    Assignment,
    Category,
    Dimension,
    Indicator,
    IndicatorVersion,
    PeriodClosure,
    Population,
    Submission,
    SubmissionEvent,
    Target,
    Value,
    ValueComment,
)

WORKFLOW_NOTE = _(
    "Read-only here: figures move through the workflow on the site (upload, submit, approve, "
    "return), which also keeps the approved totals up to date."
)


class NoAddOrDelete:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CategoryInline(TranslationTabularInline):
    model = Category
    extra = 0
    can_delete = False
    readonly_fields = ("code",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Dimension)
class DimensionAdmin(NoAddOrDelete, NotedAdmin, TranslationAdmin):
    admin_note = _(
        "Codes are what uploaded files carry, so they are not changed here, and a dimension "
        "or category is not deleted; names and order can be corrected."
    )
    list_display = ("code", "name", "collective", "hxl_tag", "position")
    list_filter = ("collective",)
    search_fields = ("code", "name")
    list_select_related = ("collective",)
    readonly_fields = ("code", "collective")
    inlines = (CategoryInline,)


@admin.register(Category)
class CategoryAdmin(NoAddOrDelete, NotedAdmin, TranslationAdmin):
    admin_note = DimensionAdmin.admin_note
    list_display = ("code", "name", "dimension", "position")
    list_filter = ("dimension",)
    search_fields = ("code", "name")
    list_select_related = ("dimension",)
    readonly_fields = ("code", "dimension")


class VersionInline(ReadOnlyInline):
    model = IndicatorVersion
    fields = ("number", "effective_from", "counting_rule", "change_note", "published_by")
    readonly_fields = fields


@admin.register(Indicator)
class IndicatorAdmin(NoAddOrDelete, NotedAdmin, TranslationAdmin, SimpleHistoryAdmin):
    admin_note = _(
        "Indicators are created and redefined on the site: a new counting rule is a new "
        "version from a date on. What values mean (code, unit, aggregation, frequency, "
        "dimensions) cannot be changed here."
    )
    list_display = ("code", "name", "collective", "unit", "aggregation", "frequency", "kind")
    list_filter = ("collective", "unit", "aggregation", "frequency", "kind")
    search_fields = ("code", "name")
    list_select_related = ("collective",)
    readonly_fields = ("collective", "code", "unit", "rate_per", "aggregation", "numerator",
                       "denominator", "frequency", "dimensions")  # fmt: skip
    raw_id_fields = ("owner",)
    inlines = (VersionInline,)


@admin.register(IndicatorVersion)
class IndicatorVersionAdmin(ReadOnlyAdmin):
    admin_note = _("A definition is never edited: redefining an indicator adds a version.")
    list_display = ("indicator", "number", "effective_from", "change_note", "published_by")
    list_filter = ("indicator",)
    list_select_related = ("indicator", "published_by")


@admin.register(Target)
class GoalAdmin(NoAddOrDelete, NotedAdmin, SimpleHistoryAdmin):
    admin_note = _("Baselines and targets are set on the indicator's page; every change is kept.")
    list_display = ("indicator", "kind", "period_code", "category", "value", "collective")
    list_filter = ("kind", "collective")
    list_select_related = ("indicator", "category", "collective")
    readonly_fields = ("indicator", "collective", "kind", "period_start", "frequency", "category")

    @admin.display(description=_("period"))
    def period_code(self, goal: Target) -> str:
        return goal.period.code


class EventInline(ReadOnlyInline):
    model = SubmissionEvent
    fields = ("action", "by", "at", "comment")
    readonly_fields = fields
    show_change_link = False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    admin_note = WORKFLOW_NOTE
    list_display = ("pk", "organization", "collective", "status", "source", "row_count",
                    "created_by", "created_at")  # fmt: skip
    list_filter = ("status", "source", "collective")
    search_fields = ("organization__name", "file_name")
    list_select_related = ("organization", "collective", "created_by")
    exclude = ("replaces",)
    inlines = (EventInline,)


@admin.register(SubmissionEvent)
class SubmissionEventAdmin(ReadOnlyAdmin):
    admin_note = WORKFLOW_NOTE
    list_display = ("submission", "action", "by", "at")
    list_filter = ("action",)
    list_select_related = ("submission__organization", "by")


@admin.register(Value)
class ValueAdmin(ReadOnlyAdmin):
    admin_note = WORKFLOW_NOTE
    list_display = ("submission_id", "organization", "indicator", "place", "period_code",
                    "combination", "value", "approved")  # fmt: skip
    list_filter = ("approved", "indicator")
    list_select_related = ("organization", "indicator", "place", "combination")
    show_full_result_count = False  # millions of rows: no second COUNT(*)

    @admin.display(description=_("period"))
    def period_code(self, value: Value) -> str:
        return periods.code_of(value.period, periods.MONTHLY)


@admin.register(ValueComment)
class ValueCommentAdmin(ReadOnlyAdmin):
    admin_note = WORKFLOW_NOTE
    list_display = ("value", "by", "at", "text")
    list_select_related = ("value", "by")


@admin.register(ApprovedTotal)
class ApprovedTotalAdmin(ReadOnlyAdmin):
    admin_note = _(
        "Derived, never typed: each total is recomputed from the approved values when an "
        "approval changes them."
    )
    list_display = ("indicator_id", "level", "combination", "collective_id", "place_id",
                    "period", "total", "n")  # fmt: skip
    list_filter = ("level",)
    show_full_result_count = False


@admin.register(ApprovedStock)
class ApprovedStockAdmin(ReadOnlyAdmin):
    admin_note = _(
        "Derived, never typed: the figure of a stock at the end of a quarter or year, "
        "recomputed from the approved values when an approval changes them."
    )
    list_display = ("indicator_id", "grain", "level", "combination", "collective_id",
                    "place_id", "period", "total", "n", "early")  # fmt: skip
    list_filter = ("grain", "level")
    show_full_result_count = False


@admin.register(Population)
class PopulationAdmin(ReadOnlyAdmin):
    admin_note = _(
        "Population figures are recorded with `backbone import population`, which checks "
        "every row and says what changed."
    )
    list_display = ("place", "year", "combination", "value", "source", "collective")
    list_filter = ("year", "collective")
    list_select_related = ("place", "combination", "collective")


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    admin_note = _(
        "Overlap adjustments are recorded on the overlap page, which keeps the totals right."
    )
    list_display = ("indicator", "place", "period", "amount", "by", "at")
    list_select_related = ("indicator", "place", "by")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("organization", "indicator", "place", "user", "collective")
    list_filter = ("collective",)
    list_select_related = ("organization", "indicator", "place", "user", "collective")
    raw_id_fields = ("place", "user", "organization")


@admin.register(PeriodClosure)
class PeriodClosureAdmin(NotedAdmin):
    admin_note = _("A closed period takes no more values, nor does any period before it.")
    list_display = ("collective", "closed_through")
    list_select_related = ("collective",)
