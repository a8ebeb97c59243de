"""Loads realistic demo data: each app's `demo.load(stdout)`, in dependency order. Idempotent."""

from django.core.management.base import BaseCommand

from core.modules import app_module

# Commitments last: its indicators read the other apps' demo data.
ORDER = ["core", "forum", "proposals", "environment", "agroprices", "roads", "commitments"]


class Command(BaseCommand):
    help = "Carga datos de demostración realistas (idempotente)."

    def add_arguments(self, parser):
        parser.add_argument("apps", nargs="*", help="Solo estas apps (por defecto, todas).")

    def handle(self, *args, **options):
        for app in options["apps"] or ORDER:
            module = app_module(app, "demo")
            if module is None:
                continue
            self.stdout.write(f"· {app}: ", ending="")
            module.load(self.stdout)
            self.stdout.write(self.style.SUCCESS("ok"))
