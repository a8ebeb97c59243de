"""Demo-like rows for every registered dataset, with personal data planted in the private
fields (names, e-mails, phones, IPs) so a test can prove none of it leaves."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

# What must never appear in any dataset, in any format.
PRIVATE_VALUES = [
    "maria.chiriboga@example.org",
    "0991234567",
    "rosa.finca@example.org",
    "0987654321",
    "Rosa Calazacón",
    "rosa.aguavil@correo.ec",
    "privado0@contacto-secreto.ec",
    "vial.secreto@example.org",
    "0998877665",
    "203.0.113.77",
    "Recinto El Cristal",
    "Productora Secreta",
    "0977700011",
]


def seed_every_dataset():
    from agroprices.models import Market, ProductionRecord
    from commitments.models import IndicatorValue, ProgressChange
    from core.models import Parish
    from environment import services as env_services
    from forum.models import Attendance
    from proposals.models import ProposalStatus
    from roads.models import ReportKind, RoadReport
    from tests.agroprices.factories import MarketFactory, ObservationFactory, unit
    from tests.commitments.factories import IndicatorFactory, MilestoneFactory
    from tests.environment.complaints.factories import ComplaintFactory
    from tests.environment.factories import (
        NurseryFactory,
        SpeciesFactory,
        approved_request,
        deliver,
        stock,
    )
    from tests.forum.factories import AttendanceFactory, MeetingFactory
    from tests.proposals.factories import ConsultationFactory, CriterionFactory, ProposalFactory
    from tests.roads.factories import BranchFactory, InterventionFactory

    # commitments
    milestone = MilestoneFactory(title="Mesa técnica instalada", progress=Decimal("40.00"))
    ProgressChange.objects.create(
        milestone=milestone,
        old_progress=Decimal(0),
        new_progress=Decimal(40),
        changed_at=timezone.now(),
        note="Acta firmada",
    )
    indicator = IndicatorFactory(commitment=milestone.commitment)
    IndicatorValue.objects.create(indicator=indicator, date=date(2022, 1, 31), value=Decimal(7))
    # forum: contact data planted by the factory
    AttendanceFactory(meeting=MeetingFactory(), status=Attendance.Status.PRESENT)
    # proposals: a closed matrix with its criteria
    consultation = ConsultationFactory(matrix_closed_at=timezone.now())
    CriterionFactory(consultation=consultation, name="Impacto")
    ProposalFactory(consultation=consultation, status=ProposalStatus.SELECTED)
    ProposalFactory(is_anonymous=True, organisation="Asociación Anónima Secreta")
    # environment
    laurel = SpeciesFactory(scientific_name="Cordia alliodora", common_name="Laurel")
    nursery = NurseryFactory(code="VIV-X", name="Vivero de prueba")
    stock(nursery, laurel, 100)
    req = approved_request({laurel: 25})
    delivery = deliver(req, nursery, {laurel: 25})
    env_services.visit_record(line=delivery.lines.get(), visited_on=date(2022, 10, 1), surviving=20)
    ComplaintFactory(submitter_ip="203.0.113.77")
    # agroprices: a farm with exact coordinates, a price and a production record
    farm = MarketFactory(
        slug="finca-x", name="Finca X", kind=Market.Kind.FARM, latitude=Decimal("-0.381234")
    )
    observation = ObservationFactory(market=farm)
    ProductionRecord.objects.create(
        producer_name="Productora Secreta",
        producer_kind="agricultor",
        contact_phone="0977700011",
        product=observation.product,
        parish=Parish.objects.get(code="PLI"),
        area_ha=Decimal("3"),
        volume=Decimal("900"),
        unit=unit("kg"),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    # agroprices: a direct-sale offer by a producer with a private phone and e-mail
    from django.contrib.auth import get_user_model

    from agroprices.models import Offer, Producer

    seller = get_user_model().objects.create_user(
        username="vendedora", email="rosa.finca@example.org", password="x-clave-larga-123"
    )
    producer = Producer.objects.create(
        user=seller,
        name="Productora Secreta",
        kind=Producer.Kind.INDIVIDUAL,
        parish=Parish.objects.get(code="PLI"),
        phone="0987654321",
        verified=True,
    )
    Offer.objects.create(
        producer=producer,
        product=observation.product,
        quantity=Decimal("20"),
        unit=observation.product.standard_unit,
        price=Decimal("4.50"),
        available_from=timezone.localdate(),
        available_until=timezone.localdate(),
        place_kind=Offer.Place.FARM,
        parish=producer.parish,
    )
    # roads
    intervention = InterventionFactory(
        branch=BranchFactory(
            geometry={"type": "LineString", "coordinates": [[-79.1, -0.2], [-79.2, -0.25]]}
        )
    )
    RoadReport.objects.create(
        tracking_code="VI-TEST-0001",
        kind=ReportKind.POTHOLE,
        description="Bache grande frente a la escuela",
        parish=intervention.branch.parish,
        branch=intervention.branch,
        latitude=Decimal("-0.254321"),
        longitude=Decimal("-79.154321"),
        reporter_name="Pedro Vial",
        reporter_email="vial.secreto@example.org",
        reporter_phone="0998877665",
        submitter_ip="203.0.113.77",
    )
