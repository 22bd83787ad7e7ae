from django.contrib.auth import get_user_model
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


User = get_user_model()


class RememberLanguageMiddleware:
    """Keeps ``User.language`` equal to the language a logged-in person reads pages in, so
    that notifications and e-mails reach them in it. One write when it changes, none else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(request, "LANGUAGE_CODE", "")
        if user is not None and user.is_authenticated and language and user.language != language:
            User.objects.filter(pk=user.pk).update(language=language)
            user.language = language
        return self.get_response(request)
