"""A submission's life: draft → submitted → approved, or returned with a reason → resubmitted.

Only approved values count in shared figures; approving a correction retires the values of
the submission it replaces, in the same transaction, so a roll-up never sees both or neither.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backbone.accounts.models import RoleKind, User
from backbone.accounts.selectors import staff_of
from backbone.events.services import record
from backbone.interchange import periods
from backbone.lib.permissions import require
from backbone.lib.translation import translations
from backbone.measurement.models import (
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    Value,
    ValueComment,
)
from backbone.measurement.permissions import Action
from backbone.measurement.rollups.totals import set_approved
from backbone.network.models import Organization


def lock_reporting(organization_id: int) -> None:
    """Hold, until the transaction ends, the one lock every write deciding what counts for an
    organization takes first: a new upload (its duplicate and overlap checks, and the drafts
    it replaces) and an approval (the earlier submissions it retires). Two such writes for
    the same organization then run one after the other, each seeing what the other left, so
    the same file uploaded twice at once is caught as a duplicate and two overlapping
    submissions never both count.

    A row lock on the organization, rather than a unique constraint on live coverage (live is
    a submission's status, coverage another table: no constraint spans both) or locks on the
    earlier submissions (the first upload has none to lock): it serializes one organization's
    uploads and reviews only, and needs no migration. FOR NO KEY UPDATE, so that rows merely
    pointing at the organization (its values, people, memberships) are still written freely.
    SQLite has no row locks; there every writing transaction begins IMMEDIATE (see
    config/settings.py), which serializes them all the same."""
    list(
        Organization.objects.select_for_update(no_key=True)
        .filter(pk=organization_id)
        .values_list("pk", flat=True)
    )


def _locked(submission: Submission) -> Submission:
    # Only the submission's row (OF self): a plain FOR UPDATE would also lock the joined
    # collective and organization, blocking every write that refers to them and, taken in
    # the other order than lock_reporting's, deadlocking an approval against a return.
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("collective", "organization")
        .get(pk=submission.pk)
    )


def _url(submission: Submission) -> str:
    """Under the organization's collective: its reporters (whose role may be held there,
    below the collective the submission is filed in) and the staff above both reach it."""
    slug = submission.organization.collective.slug
    return reverse("submission_detail", args=[slug, submission.pk])


def _reporters_of(submission: Submission) -> list[User]:
    people = {submission.created_by_id: submission.created_by}
    for event in submission.events.select_related("by").filter(
        action=SubmissionEvent.Action.SUBMITTED
    ):
        people[event.by_id] = event.by
    return list(people.values())


def submission_mark_replaced(*, submission: Submission, replacement: Submission, by) -> None:
    """The submission stays, with its values, as history; the replacement now stands for it."""
    submission.status = SubmissionStatus.REPLACED
    submission.replaced_by = replacement
    submission.save(update_fields=["status", "replaced_by"])
    SubmissionEvent.objects.create(
        submission=submission,
        action=SubmissionEvent.Action.REPLACED,
        by=by,
        comment=_("Replaced by submission #%s.") % replacement.pk,
    )


@transaction.atomic
def submission_submit(*, submission: Submission, by) -> Submission:
    submission = _locked(submission)
    require(by, Action.SUBMISSION_EDIT, submission)
    if not submission.editable:
        raise ValidationError(
            _("Submission #%(pk)s is %(status)s; only a draft or a returned one can be submitted.")
            % {"pk": submission.pk, "status": submission.get_status_display().lower()}
        )
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["status", "submitted_at"])
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionEvent.Action.SUBMITTED, by=by
    )
    record(
        "submission.submitted",
        actor=by,
        collective=submission.collective,
        target=submission,
        audience=staff_of(submission.collective),
        message=gettext_noop("%(org)s submitted %(n)s values for review (submission #%(pk)s)."),
        params={
            "org": translations(submission.organization, "name"),
            "n": submission.row_count,
            "pk": submission.pk,
        },
        url=_url(submission),
    )
    return submission


def approval_refusal(*, submission: Submission, by) -> str:
    """Why this person may not approve this submission under the four-eyes rule ("" if they may).

    With the collective's `independent_approval` on (the default), whoever uploaded or
    submitted the figures cannot also approve them, whatever their role — platform admins too.
    """
    if not submission.collective.independent_approval or not getattr(by, "pk", None):
        return ""
    submitters = set(
        submission.events.filter(action=SubmissionEvent.Action.SUBMITTED).values_list(
            "by_id", flat=True
        )
    )
    if by.pk in submitters or by.pk == submission.created_by_id:
        return _(
            "You entered or submitted these figures yourself, and %(collective)s asks for a "
            "second person to approve them (four eyes). Another member of backbone staff "
            "can approve or return them."
        ) % {"collective": submission.collective}
    return ""


@transaction.atomic
def submission_approve(*, submission: Submission, by) -> Submission:
    # Before the submission's own lock, in the order an upload takes them: an upload of a
    # correction at this moment either sees this submission approved (and keeps it counting
    # until the correction is approved) or has already replaced it (and this is refused).
    lock_reporting(submission.organization_id)
    submission = _locked(submission)
    require(by, Action.SUBMISSION_REVIEW, submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(
            _("Submission #%(pk)s is %(status)s; only a submitted one can be approved.")
            % {"pk": submission.pk, "status": submission.get_status_display().lower()}
        )
    refusal = approval_refusal(submission=submission, by=by)
    if refusal:
        raise ValidationError(refusal)
    for earlier in submission.replaces.select_for_update(of=("self",)).filter(
        status=SubmissionStatus.APPROVED
    ):
        set_approved(earlier, False)
        submission_mark_replaced(submission=earlier, replacement=submission, by=by)
    set_approved(submission, True)
    submission.status = SubmissionStatus.APPROVED
    submission.reviewed_by = by
    submission.reviewed_at = timezone.now()
    submission.return_reason = ""
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_reason"])
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionEvent.Action.APPROVED, by=by
    )
    record(
        "submission.approved",
        actor=by,
        collective=submission.collective,
        target=submission,
        audience=_reporters_of(submission),
        message=gettext_noop("Submission #%(pk)s of %(org)s was approved; its values now count."),
        params={"pk": submission.pk, "org": translations(submission.organization, "name")},
        url=_url(submission),
    )
    return submission


@transaction.atomic
def submission_return(
    *, submission: Submission, by, reason: str, comments: dict[int, str] | None = None
) -> Submission:
    """Send a submission back with a reason and, optionally, a remark on particular values."""
    submission = _locked(submission)
    require(by, Action.SUBMISSION_REVIEW, submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(
            _("Submission #%(pk)s is %(status)s; only a submitted one can be returned.")
            % {"pk": submission.pk, "status": submission.get_status_display().lower()}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the submission is returned.")})
    comments = {pk: text.strip() for pk, text in (comments or {}).items() if text.strip()}
    values = set(
        Value.objects.filter(submission=submission, pk__in=comments).values_list("pk", flat=True)
    )
    unknown = set(comments) - values
    if unknown:
        raise ValidationError(
            {"comments": _("Values %s are not part of this submission.") % sorted(unknown)}
        )
    ValueComment.objects.bulk_create(
        ValueComment(value_id=pk, text=text, by=by) for pk, text in comments.items()
    )
    submission.status = SubmissionStatus.RETURNED
    submission.reviewed_by = by
    submission.reviewed_at = timezone.now()
    submission.return_reason = reason.strip()
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_reason"])
    SubmissionEvent.objects.create(
        submission=submission, action=SubmissionEvent.Action.RETURNED, by=by, comment=reason
    )
    record(
        "submission.returned",
        actor=by,
        collective=submission.collective,
        target=submission,
        audience=_reporters_of(submission),
        message=gettext_noop("Submission #%(pk)s of %(org)s was returned: %(reason)s"),
        params={
            "pk": submission.pk,
            "org": translations(submission.organization, "name"),
            "reason": reason.strip(),
        },
        url=_url(submission),
    )
    return submission


@transaction.atomic
def reminders_send(*, collective, period: int, by) -> int:
    """Remind the reporters of every organization late with any indicator for the period.
    The reminders are recorded here and sent by the worker, not during the request."""
    from backbone.measurement.selectors.completeness import completeness_table

    require(by, Action.MEASUREMENT_MANAGE, collective)
    late: dict[int, list[str]] = {}
    names = {}
    for row in completeness_table(collective, period):
        for organization in row["late"]:
            late.setdefault(organization.pk, []).append(row["indicator"].code)
            names[organization.pk] = translations(organization, "name")
    reporters = User.objects.filter(
        roles__kind=RoleKind.REPORTER,
        roles__ended_at__isnull=True,
        roles__organization_id__in=late,
    ).prefetch_related("roles")
    sent = 0
    url = reverse("submission_list", args=[collective.slug])
    for user in reporters:
        own = {r.organization_id for r in user.roles.all() if r.organization_id in late}
        for org_id in own:
            record(
                "reporting.reminded",
                actor=by,
                collective=collective,
                audience=[user],
                message=gettext_noop(
                    "Reminder: %(org)s has not reported %(codes)s for %(period)s yet."
                ),
                params={
                    "org": names[org_id],
                    "codes": ", ".join(sorted(late[org_id])),
                    "period": periods.code_of(period, periods.MONTHLY),
                },
                url=url,
            )
            sent += 1
    return sent
