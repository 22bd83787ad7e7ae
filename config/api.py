"""The JSON API: one NinjaAPI, a Router per app, the same permission module as the web UI."""

import logging

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import HttpBearer, django_auth

from backbone.accounts.services import user_for_api_key
from backbone.activities.api import router as activities_router
from backbone.agenda.api import router as agenda_router
from backbone.governance.api import router as governance_router
from backbone.lib.api import InvalidOut
from backbone.measurement.api import router as measurement_router
from backbone.meetings.api import router as meetings_router
from backbone.network.api import router as network_router
from backbone.phases.api import router as phases_router
from backbone.readiness.api import router as readiness_router

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_api_key(token)
        if user is not None:
            request.user = user
        return user


def anonymous(request):
    """Lets the public read what the permission module makes public; nothing else."""
    return AnonymousUser()


api = NinjaAPI(
    title="Backbone API",
    version="1",
    description="Token authentication: `Authorization: Bearer <key>` (create a key on your "
    "account page). The same permission rules as the web interface apply.",
    auth=[TokenAuth(), django_auth, anonymous],
    urls_namespace="api",
    # No online validator badge: the docs page talks to this site only.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/", network_router)
api.add_router("/", governance_router)
api.add_router("/", measurement_router)
api.add_router("/", readiness_router)
api.add_router("/", agenda_router)
api.add_router("/", phases_router)
api.add_router("/", activities_router)
api.add_router("/", meetings_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    user = request.auth
    if user is None or not user.is_authenticated:
        return api.create_response(request, {"detail": "Authentication required."}, status=401)
    return api.create_response(request, {"detail": "You may not do this."}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    if hasattr(exc, "error_dict"):
        errors = {
            field: [m for e in errs for m in e.messages] for field, errs in exc.error_dict.items()
        }
    else:
        errors = {"__all__": exc.messages}
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=422)


# Where ninja puts what it validated; the field's name is what follows.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        source, parts = parts[0], parts[1:]
        if source in {"body", "form", "file"} and parts:
            parts = parts[1:]  # the view's parameter (``payload``), not a field of the body
    return ".".join(parts) or "__all__"


@api.exception_handler(SchemaValidationError)
def schema_invalid(request, exc):
    """Input the schemas refuse is answered in the same shape as a service's refusal."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field(tuple(error.get("loc", ()))), []).append(error["msg"])
    body = InvalidOut(detail="Invalid input.", errors=errors)
    return api.create_response(request, body.dict(), status=422)


@api.exception_handler(Exception)
def server_error(request, exc):
    """Anything unexpected: logged with its traceback, answered without it (DEBUG or not)."""
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": "Server error."}, status=500)
