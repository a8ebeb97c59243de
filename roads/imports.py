"""Branch inventory and intervention imports from the province's spreadsheets (CSV/XLSX).

Two phases: every row is checked first (the job's progress moves, per-row errors collected);
only a file without errors is written, in one transaction. Nothing is half-saved.
"""

import json
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import imports, outbox
from core.models import Community, Parish, PlanningZone
from core.signals import announce_data_changed

from .models import (
    FIRST_YEAR,
    Branch,
    Condition,
    ImportJob,
    Intervention,
    InterventionKind,
    InterventionZone,
    NeedLevel,
    Surface,
    validate_linestring,
)
from .services import refresh_last_maintenance

IMPORT_REASON = "Importación de inventario"

BRANCH_COLUMNS = [
    "codigo",
    "nombre",
    "canton",
    "parroquia",
    "sector",
    "zona",
    "comunidad",
    "zona_planificacion",
    "extension_km",
    "superficie",
    "estado",
    "necesidad",
    "ultimo_mantenimiento",
    "geometria",
]
INTERVENTION_COLUMNS = [
    "codigo",
    "fecha_inicio",
    "fecha_fin",
    "tipo",
    "km_trabajados",
    "cuadrilla",
    "contratista",
    "costo",
    "observaciones",
]
ALIASES = {
    "cod": "codigo",
    "ramal": "nombre",
    "extension": "extension_km",
    "km": "extension_km",
    "necesidad_de_atencion": "necesidad",
    "zona_de_intervencion": "zona",
    "anio": "ultimo_mantenimiento",
    "geometry": "geometria",
    "km_real": "km_trabajados",
    "inicio": "fecha_inicio",
    "fin": "fecha_fin",
}
PROGRESS_EVERY = 200


class RowError(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = str(message)


def _key(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def read_table(source, name: str | None = None) -> list[tuple[int, dict]]:
    """(line, row) pairs, each row a dict keyed by normalised header (accents, case and units
    dropped), read within core.imports' size limits."""
    with imports.open_table(source, name) as (header, raw):
        keys = [ALIASES.get(_key(cell), _key(cell)) for cell in header]
        return [
            (line, {h: v for h, v in zip(keys, values, strict=False) if h}) for line, values in raw
        ]


def parse_decimal(value, field) -> Decimal | None:
    """Accepts 16,00 and 16.00 and 1.234,5: the last separator is the decimal one."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return Decimal(str(round(value, 2)))
    text = str(value).strip().replace(" ", "")
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RowError(field, _("«%(v)s» no es un número.") % {"v": value}) from None
    if not number.is_finite():
        raise RowError(field, _("«%(v)s» no es un número.") % {"v": value})
    return number.quantize(Decimal("0.01"))


def parse_date(value, field) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError(
        field, _("«%(v)s» no es una fecha (use AAAA-MM-DD o DD/MM/AAAA).") % {"v": value}
    )


def _text(row, key):
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(value, choices, field, default=None):
    if value in ("", None):
        if default is not None:
            return default
        raise RowError(field, _("Falta el valor."))
    wanted = _key(value)
    for stored, label in choices:
        label_key = _key(label)
        # "4. Alto" is also found as "4", "alto" or "4_alto"; "medio_alto" never matches "alto".
        if wanted in (_key(stored), label_key, re.sub(r"^\d+_", "", label_key)):
            return stored
    raise RowError(field, _("«%(v)s» no es un valor válido.") % {"v": value})


class _Lookup:
    """Territory looked up by code or name, loaded once per import (no query per row)."""

    def __init__(self, model):
        self.by_key = {}
        for obj in model.objects.all():
            self.by_key[_key(obj.code)] = obj
            self.by_key.setdefault(_key(obj.name), obj)

    def get(self, value):
        return self.by_key.get(_key(value)) if value else None


class _Errors(list):
    """A row's errors, collected field group by field group and raised together."""

    def attempt(self, fn):
        try:
            return fn()
        except RowError as exc:
            self.append(exc)
            return None

    def add(self, field, message):
        self.append(RowError(field, message))

    def has(self, field) -> bool:
        return any(e.field == field for e in self)

    def raise_any(self):
        if self:
            raise ExceptionGroup("row", list(self))


def _branch_identity(row, parishes, errors):
    code, name = _text(row, "codigo").upper(), _text(row, "nombre")
    if not code:
        errors.add("codigo", _("Falta el código del ramal."))
    if not name:
        errors.add("nombre", _("Falta el nombre del ramal."))
    parish = parishes.get(_text(row, "parroquia"))
    if parish is None:
        message = _("Parroquia desconocida: «%(v)s».") % {"v": _text(row, "parroquia")}
        errors.add("parroquia", message)
    return code, name, parish


def _branch_length(row, errors):
    length = errors.attempt(lambda: parse_decimal(row.get("extension_km"), "extension_km"))
    if length is None and not errors.has("extension_km"):
        errors.add("extension_km", _("Falta la extensión."))
    elif length is not None and length <= 0:
        errors.add("extension_km", _("La extensión debe ser mayor que cero."))
    return length


def _branch_classes(row, errors) -> dict:
    """Zone, surface, condition and need: a blank cell takes the usual value."""
    columns = {
        "zone": ("zona", InterventionZone.choices, "parroquias"),
        "surface": ("superficie", Surface.choices, "lastre"),
        "condition": ("estado", Condition.choices, "regular"),
        "need_level": ("necesidad", NeedLevel.choices, 2),
    }
    return {
        name: errors.attempt(lambda c=column, k=choices, d=default: _choice(_text(row, c), k, c, d))
        for name, (column, choices, default) in columns.items()
    }


def _optional_place(row, column, lookup, message, errors):
    place = lookup.get(_text(row, column))
    if _text(row, column) and place is None:
        errors.add(column, message)
    return place.pk if place else None


def _maintenance_year(row, this_year, errors):
    text = _text(row, "ultimo_mantenimiento")
    if not text:
        return None
    try:
        year = int(Decimal(text.replace(",", ".")))
    except InvalidOperation:
        errors.add("ultimo_mantenimiento", _("El año no es un número."))
        return None
    if year > this_year:
        errors.add("ultimo_mantenimiento", _("El año %(y)s está en el futuro.") % {"y": year})
    elif year < FIRST_YEAR:
        errors.add("ultimo_mantenimiento", _("El año es anterior a 1950."))
    return year


def _geometry(row, errors):
    text = _text(row, "geometria")
    if not text:
        return None
    try:
        geometry = json.loads(text)
        validate_linestring(geometry)
    except (ValueError, ValidationError):
        errors.add("geometria", _("La geometría no es un LineString GeoJSON válido."))
        return None
    return geometry


def _clean_branch(row, parishes, communities, zones, this_year) -> dict:
    errors = _Errors()
    code, name, parish = _branch_identity(row, parishes, errors)
    length = _branch_length(row, errors)
    classes = _branch_classes(row, errors)
    community = _optional_place(row, "comunidad", communities, _("Comunidad desconocida."), errors)
    planning_zone = _optional_place(
        row, "zona_planificacion", zones, _("Zona de planificación desconocida."), errors
    )
    year = _maintenance_year(row, this_year, errors)
    geometry = _geometry(row, errors)
    errors.raise_any()
    return {
        "code": code,
        "name": name,
        "canton_id": parish.canton_id,
        "parish_id": parish.pk,
        "sector": _text(row, "sector"),
        **classes,
        "need_level": int(classes["need_level"]),
        "community_id": community,
        "planning_zone_id": planning_zone,
        "length_km": length,
        "inventory_maintenance_year": year,
        "geometry": geometry,
    }


def _intervention_values(row, errors) -> dict:
    parsers = {
        "fecha_inicio": parse_date,
        "fecha_fin": parse_date,
        "km_trabajados": parse_decimal,
        "costo": parse_decimal,
    }
    return {
        field: errors.attempt(lambda f=field, p=parser: p(row.get(f), f))
        for field, parser in parsers.items()
    }


def _intervention_km(km, branch, errors):
    if km is None and not errors.has("km_trabajados"):
        errors.add("km_trabajados", _("Faltan los km trabajados."))
    elif km is not None and km <= 0:
        errors.add("km_trabajados", _("Los km trabajados deben ser mayores que cero."))
    elif km is not None and branch is not None and km > branch.length_km:
        message = _("%(km)s km superan la extensión del ramal (%(len)s km).")
        errors.add("km_trabajados", message % {"km": km, "len": branch.length_km})


def _intervention_dates(start, end, today, errors):
    if end is None and not errors.has("fecha_fin"):
        errors.add("fecha_fin", _("Falta la fecha de fin."))
    start = start or end
    if end and end > today:
        errors.add("fecha_fin", _("La fecha %(d)s está en el futuro.") % {"d": end})
    if start and end and end < start:
        errors.add("fecha_fin", _("La fecha de fin es anterior a la de inicio."))
    return start


def _clean_intervention(row, branches, today) -> dict:
    errors = _Errors()
    code = _text(row, "codigo").upper()
    branch = branches.get(code)
    if branch is None:
        errors.add("codigo", _("No existe el ramal «%(c)s».") % {"c": code})
    values = _intervention_values(row, errors)
    end, km = values["fecha_fin"], values["km_trabajados"]
    start = _intervention_dates(values["fecha_inicio"], end, today, errors)
    _intervention_km(km, branch, errors)
    if values["costo"] is not None and values["costo"] < 0:
        errors.add("costo", _("El costo no puede ser negativo."))
    kind = errors.attempt(
        lambda: _choice(_text(row, "tipo"), InterventionKind.choices, "tipo", "rutinario")
    )
    errors.raise_any()
    return {
        "branch_id": branch.pk,
        "start_date": start,
        "end_date": end,
        "kind": kind,
        "km_worked": km,
        "crew": _text(row, "cuadrilla"),
        "contractor": _text(row, "contratista"),
        "cost": values["costo"],
        "notes": _text(row, "observaciones"),
    }


def _check_rows(job, rows, clean_row, identity):
    """Cleans every row; returns (cleaned, errors). Progress is saved as it goes."""
    cleaned, errors, seen = [], [], {}
    imports.progress(job, total=len(rows), processed=0)
    for done, (line, row) in enumerate(rows, start=1):
        try:
            data = clean_row(row)
        except ExceptionGroup as group:
            errors += [imports.row_error(line, e.message, e.field) for e in group.exceptions]
        else:
            key = identity(data)
            if key in seen:
                message = _("Duplicado: ya aparece en la fila %(n)s.") % {"n": seen[key]}
                errors.append(imports.row_error(line, message, "codigo"))
            else:
                seen[key] = line
                cleaned.append((line, data))
        if done % PROGRESS_EVERY == 0:
            imports.progress(job, processed=done)
    imports.progress(job, processed=len(rows))
    return cleaned, errors


def _write_branches(cleaned):
    codes = [d["code"] for _row, d in cleaned]
    existing = Branch.objects.select_for_update().in_bulk(codes, field_name="code")
    new, changed = [], []
    for _row, data in cleaned:
        branch = existing.get(data["code"])
        if branch is None:
            new.append(Branch(**data))
        else:
            for field, value in data.items():
                setattr(branch, field, value)
            branch.updated_at = timezone.now()
            changed.append(branch)
    # Bulk writes skip save(): the history rows are written explicitly, in the same transaction.
    bulk_create_with_history(new, Branch, batch_size=1000, default_change_reason=IMPORT_REASON)
    fields = [f for f in cleaned[0][1] if f != "code"] + ["updated_at"] if cleaned else []
    if changed:
        bulk_update_with_history(
            changed, Branch, fields, batch_size=1000, default_change_reason=IMPORT_REASON
        )
    # Where interventions exist, they decide the last-maintenance year, not the spreadsheet.
    refresh_last_maintenance(Branch.objects.filter(code__in=codes).values("pk"))
    return len(cleaned)


def _write_interventions(cleaned):
    Intervention.objects.bulk_create([Intervention(**d) for _row, d in cleaned], batch_size=1000)
    refresh_last_maintenance({d["branch_id"] for _row, d in cleaned})
    return len(cleaned)


def run(job: ImportJob) -> ImportJob:
    """Processes a queued job once; a redelivered task finds it no longer queued."""
    if not imports.claim(job):
        job.refresh_from_db()
        return job
    try:
        rows = read_table(job.file.path, job.file.name)
    except imports.FileRefused as exc:
        return imports.finish(job, errors=[imports.row_error(0, exc)], message=exc)
    except Exception as exc:  # a broken file is a clear job error, not a crash
        message = _("No se pudo leer el archivo: %(e)s") % {"e": exc}
        return imports.finish(job, errors=[imports.row_error(0, message)], message=message)
    if job.kind == ImportJob.Kind.BRANCHES:
        cleaned, errors = _check_branches(job, rows)
        write = _write_branches
    else:
        cleaned, errors = _check_interventions(job, rows)
        write = _write_interventions
    if not rows:
        errors.append(imports.row_error(0, _("El archivo no tiene filas de datos.")))
    if errors:
        message = _("Nada guardado: %(n)s errores en el archivo.") % {"n": len(errors)}
        return imports.finish(job, errors=errors, message=message)
    try:
        with transaction.atomic():
            saved = write(cleaned)
            announce_data_changed("roads")
    except IntegrityError as exc:
        # Someone changed the same branches between the check and the write: nothing saved.
        message = _("Los datos cambiaron durante la importación; vuelva a intentarlo. (%(e)s)")
        message = message % {"e": exc}
        return imports.finish(job, errors=[imports.row_error(0, message)], message=message)
    message = _("Guardadas %(n)s filas.") % {"n": saved}
    return imports.finish(job, saved=saved, message=message)


def _check_branches(job, rows):
    parishes, communities, zones = _Lookup(Parish), _Lookup(Community), _Lookup(PlanningZone)
    this_year = timezone.localdate().year
    return _check_rows(
        job,
        rows,
        lambda r: _clean_branch(r, parishes, communities, zones, this_year),
        lambda d: d["code"],
    )


def _check_interventions(job, rows):
    codes = {_text(r, "codigo").upper() for _line, r in rows}
    branches = Branch.objects.only("pk", "code", "length_km").in_bulk(codes, field_name="code")
    cleaned, errors = _check_rows(
        job,
        rows,
        lambda r: _clean_intervention(r, branches, timezone.localdate()),
        _intervention_key,
    )
    existing = set(
        Intervention.objects.filter(branch_id__in=[b.pk for b in branches.values()]).values_list(
            "branch_id", "start_date", "end_date", "km_worked"
        )
    )
    registered = _("Esta intervención ya está registrada.")
    errors += [
        imports.row_error(line, registered, "codigo")
        for line, data in cleaned
        if _intervention_key(data) in existing
    ]
    return cleaned, errors


def _intervention_key(data):
    return (data["branch_id"], data["start_date"], data["end_date"], data["km_worked"])


def import_start(*, kind: str, upload, by=None) -> ImportJob:
    """Stores the upload as a job and enqueues its processing once the job row is committed."""
    from . import tasks

    with transaction.atomic():
        job = ImportJob.objects.create(kind=kind, file=upload, created_by=by)
        task = (
            tasks.import_branches if kind == ImportJob.Kind.BRANCHES else tasks.import_interventions
        )
        outbox.enqueue(task, job.pk)
    return job
