from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


class LoginForAnonymousMiddleware:
    """A refused page sends an anonymous visitor to log in; a logged-in one gets 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            isinstance(exception, PermissionDenied)
            and not request.user.is_authenticated
            and not request.path.startswith("/api/")
        ):
            return redirect_to_login(request.get_full_path())
        return None
