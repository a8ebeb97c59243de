from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core import report_services
from core.reports import Open311Client


class Command(BaseCommand):
    help = (
        "Claves API de Open311: `create NOMBRE` emite una clave nueva (la imprime), `list` "
        "lista las aplicaciones, `revoke ID` revoca una clave."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Emite una clave para una aplicación.")
        create.add_argument("name", help="Nombre de la aplicación cliente.")
        sub.add_parser("list", help="Lista las aplicaciones y el estado de su clave.")
        revoke = sub.add_parser("revoke", help="Revoca la clave (por id o por la clave misma).")
        revoke.add_argument("client", help="Id de la aplicación o su clave API.")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, name, **options):
        try:
            client = report_services.open311_key_issue(name=name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{client.pk}\t{client.name}\t{client.api_key}")

    def _list(self, **options):
        for client in Open311Client.objects.order_by("pk"):
            state = "activa"
            if not client.is_active:
                when = f" {client.revoked_at:%Y-%m-%d}" if client.revoked_at else ""
                state = f"revocada{when}"
            self.stdout.write(f"{client.pk}\t{client.name}\t{client.api_key[:6]}…\t{state}")

    def _revoke(self, client, **options):
        found = Open311Client.objects.filter(api_key=client).first()
        if found is None and client.isdigit():
            found = Open311Client.objects.filter(pk=int(client)).first()
        if found is None:
            raise CommandError(f"No hay una aplicación con id o clave «{client}».")
        report_services.open311_key_revoke(client=found)
        self.stdout.write(f"{found.pk}\t{found.name}\trevocada")
