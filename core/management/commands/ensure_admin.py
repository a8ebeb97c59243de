import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from core import roles


class Command(BaseCommand):
    help = "Crea (o renueva) el usuario administrador local e imprime su contraseña."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        User = get_user_model()
        password = secrets.token_urlsafe(12)
        user, created = User.objects.get_or_create(
            username=options["username"], defaults={"email": "admin@minga.local"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
        verb = "creado" if created else "renovado"
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrador {verb}: usuario «{user.username}», contraseña «{password}» "
                f"({settings.SITE_URL.rstrip('/')}/admin/)"
            )
        )
