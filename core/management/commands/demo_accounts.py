import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core import roles

# Roles the demo has no account for otherwise: (username, first name, role).
EXTRA = [
    ("recolector01", "Rosa", roles.COLLECTOR),
    ("recolector02", "Julio", roles.COLLECTOR),
    ("moderador01", "Inés", roles.MODERATOR),
]


class Command(BaseCommand):
    help = (
        "Da una contraseña común (nueva en cada ejecución) a las cuentas de demostración que no "
        "son de personal, y la imprime. Solo con DEBUG=1 o --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="También sin DEBUG.")

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["force"]):
            raise CommandError("Solo para la demostración: use DEBUG=1 o --force.")
        User = get_user_model()
        for username, first_name, role in EXTRA:
            user, _created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first_name, "email": f"{username}@demo.minga.local"},
            )
            user.groups.add(Group.objects.get(name=role))
        password = secrets.token_urlsafe(9)
        accounts = User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        # One hash for all: hashing 40 times would take a PBKDF2 second each.
        accounts.update(password=make_password(password))
        self.stdout.write(
            self.style.SUCCESS(
                f"Cuentas de demostración ({accounts.count()}): contraseña «{password}» "
                "(http://127.0.0.1:8000/cuenta/ingresar/)"
            )
        )
        for role in [roles.FORUM_MEMBER, roles.COLLECTOR, roles.MODERATOR, roles.CITIZEN]:
            names = list(
                accounts.filter(groups__name=role)
                .order_by("username")
                .values_list("username", flat=True)[:3]
            )
            if names:
                self.stdout.write(f"  {role}: {', '.join(names)}")
