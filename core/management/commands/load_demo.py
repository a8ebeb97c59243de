"""Loads realistic demo data: each app's `demo.load(stdout)`, in dependency order. Idempotent."""

from importlib import import_module

from django.core.management.base import BaseCommand

# Commitments last: its indicators read the other apps' demo data.
ORDER = ["core", "forum", "proposals", "environment", "agroprices", "roads", "commitments"]


class Command(BaseCommand):
    help = "Carga datos de demostración realistas (idempotente)."

    def add_arguments(self, parser):
        parser.add_argument("apps", nargs="*", help="Solo estas apps (por defecto, todas).")

    def handle(self, *args, **options):
        for app in options["apps"] or ORDER:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            self.stdout.write(f"· {app}: ", ending="")
            module.load(self.stdout)
            self.stdout.write(self.style.SUCCESS("ok"))
