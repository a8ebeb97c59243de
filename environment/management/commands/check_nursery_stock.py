"""Proves the running stock equals the sum of the ledger; exits 1 when they differ."""

from django.core.management.base import BaseCommand, CommandError

from environment.selectors import stock_discrepancies


class Command(BaseCommand):
    help = "Verifica que las existencias de los viveros coincidan con el registro de movimientos."

    def handle(self, *args, **options):
        problems = stock_discrepancies()
        for p in problems:
            self.stderr.write(
                f"{p['nursery']} · {p['species']}: existencias {p['stock']}, registro {p['ledger']}"
            )
        if problems:
            raise CommandError(f"{len(problems)} diferencias entre existencias y registro.")
        self.stdout.write(self.style.SUCCESS("Existencias y registro coinciden."))
