from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Signs in with the username or, when it is unambiguous, the e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            users = list(get_user_model().objects.filter(email__iexact=username)[:2])
            if len(users) == 1:
                username = users[0].get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)


def axes_client_ip(request):
    """The address django-axes keys lockouts on: the portal's one notion of the client
    address, or None when there is none (a login from a test client or a command)."""
    from ipaddress import ip_address

    from core.ratelimit import client_ip

    address = client_ip(request)
    try:
        ip_address(address)
    except ValueError:
        return None
    return address
