"""The JSON API: one NinjaAPI, a Router per app, the same permission module as the web UI."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.security import HttpBearer, django_auth

from backbone.accounts.services import user_for_api_key
from backbone.governance.api import router as governance_router
from backbone.measurement.api import router as measurement_router
from backbone.network.api import router as network_router


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
