"""Demo proposals of the 2021 consultation: what the province's people asked for.

Each entry: (theme key, title, problem, solution, OGP values "tpri", parish code, comuna code).
OGP letters: t transparencia, p participación, r rendición de cuentas, i tecnología e innovación.
"""

SELECTED = [
    (
        "ambiente",
        "Política pública de reforestación y sistema digital de control ambiental y entrega de "
        "especies",
        "Las riberas de los ríos Toachi, Baba y Búa pierden bosque cada año y no existe un "
        "registro público de cuántas plantas entrega el vivero provincial, a quién ni dónde se "
        "siembran. Las denuncias ambientales se pierden entre oficinas.",
        "Co-crear con las comunas, los recintos y las universidades una política pública de "
        "reforestación y un sistema digital que registre cada entrega de especies nativas, su "
        "siembra y su supervivencia, abierto a la ciudadanía, con un canal de denuncias "
        "ambientales con seguimiento por código.",
        "tpri",
        None,
        None,
    ),
    (
        "agro",
        "Precios agrícolas abiertos con participación de los productores",
        "Los productores de plátano, cacao y maracuyá venden en finca a intermediarios sin saber "
        "el precio del día en los mercados; el precio del racimo cambia de 1 a 7 dólares según "
        "la temporada y quien vende no tiene cómo negociar.",
        "Capacitar a las asociaciones de productores para recoger y publicar semanalmente, en "
        "formatos abiertos, los precios de los principales productos en los mercados y centros "
        "de acopio de la provincia, y enlazarlos con un espacio de venta directa.",
        "tpi",
        "LDA",
        None,
    ),
    (
        "vialidad",
        "Monitoreo ciudadano del estado de la red vial rural",
        "En invierno los ramales rurales quedan intransitables; las comunidades no saben cuándo "
        "se hizo el último mantenimiento ni cuándo llegará la maquinaria, y los reclamos no "
        "tienen respuesta pública.",
        "Una plataforma donde el Gobierno Provincial publique el inventario de ramales, los "
        "kilómetros atendidos y las intervenciones previstas, y donde las comunidades reporten "
        "el estado de las vías con fotos y sigan cada reporte.",
        "tpri",
        "MTR",
        None,
    ),
]

OTHERS = [
    # Ambiente
    (
        "ambiente",
        "Viveros comunitarios de especies nativas en las comunas tsáchilas",
        "Las comunas compran plántulas fuera de la provincia y muchas especies nativas ya no se "
        "consiguen.",
        "Instalar viveros comunitarios administrados por las comunas, con asistencia técnica y "
        "un registro público de la producción de plantas.",
        "pi",
        None,
        "TS-CHI",
    ),
    (
        "ambiente",
        "Protección de las riberas del río Toachi",
        "La erosión de las riberas se lleva cultivos y viviendas en cada creciente.",
        "Un plan de siembra de guadúa y especies nativas en las riberas, con mingas "
        "mensuales y un informe público de avance.",
        "pr",
        "ALL",
        None,
    ),
    (
        "ambiente",
        "Manejo de desechos sólidos en los recintos rurales",
        "El recolector no llega a los recintos y la basura se quema o se bota a los esteros.",
        "Puntos limpios de reciclaje en los recintos y un calendario público de recolección "
        "acordado con las juntas parroquiales.",
        "pr",
        "PLI",
        None,
    ),
    (
        "ambiente",
        "Control de la contaminación del estero en Valle Hermoso",
        "Las descargas de las piladoras y lavaderos contaminan el estero que usan las familias.",
        "Monitoreo mensual de la calidad del agua con la universidad y publicación de los "
        "resultados y de las sanciones impuestas.",
        "tr",
        "VHE",
        None,
    ),
    (
        "ambiente",
        "Educación ambiental en las escuelas rurales",
        "Los niños de las escuelas rurales no conocen las especies nativas de su parroquia.",
        "Un programa de huertos y viveros escolares con guías elaboradas junto a los docentes.",
        "p",
        "SJB",
        None,
    ),
    (
        "ambiente",
        "Mapa abierto de las áreas de bosque protector",
        "Nadie sabe con precisión dónde empiezan los bosques protectores y se siguen talando.",
        "Publicar el mapa oficial de los bosques protectores en datos abiertos y señalizar sus "
        "límites con las comunidades vecinas.",
        "ti",
        "SMT",
        None,
    ),
    (
        "ambiente",
        "Recuperación de fuentes de agua en Otongo Mapalí",
        "Las vertientes que abastecen a la comuna se están secando por la tala.",
        "Cercar y reforestar las vertientes con la comuna y registrar su caudal cada mes.",
        "p",
        None,
        "TS-OMA",
    ),
    (
        "ambiente",
        "Sanciones públicas a la tala ilegal",
        "Las denuncias de tala ilegal no tienen respuesta y los infractores reinciden.",
        "Un registro público de denuncias de tala, su trámite y las sanciones aplicadas.",
        "tr",
        "ESF",
        None,
    ),
    (
        "ambiente",
        "Compostaje de residuos de banano y cacao",
        "Los residuos de las fincas se acumulan y atraen plagas.",
        "Capacitación y centros de compostaje asociativos que devuelvan abono a los productores.",
        "i",
        "LVI",
        None,
    ),
    # Producción agropecuaria
    (
        "agro",
        "Ferias de productores sin intermediarios en Santo Domingo",
        "Los productores venden a precios bajos a los intermediarios que llegan en camión.",
        "Ferias semanales en la ciudad con puestos gratuitos para las asociaciones y un "
        "calendario publicado.",
        "p",
        "SDO",
        None,
    ),
    (
        "agro",
        "Asistencia técnica para el cacao fino de aroma",
        "Los cacaoteros pierden calidad en la fermentación y el secado y venden más barato.",
        "Escuelas de campo sobre poscosecha con técnicos provinciales y un registro público de "
        "las fincas atendidas.",
        "r",
        "LCN",
        None,
    ),
    (
        "agro",
        "Centro de acopio comunitario de plátano en Puerto Limón",
        "No hay dónde almacenar ni clasificar el plátano antes de venderlo.",
        "Un centro de acopio administrado por la asociación local, con precios de compra "
        "publicados cada día.",
        "tp",
        "PLI",
        None,
    ),
    (
        "agro",
        "Registro abierto de la producción agropecuaria por parroquia",
        "No existen cifras públicas de cuánto se produce en cada parroquia.",
        "Levantar y publicar cada año la producción por producto y parroquia en formatos "
        "abiertos, con las juntas parroquiales.",
        "ti",
        None,
        None,
    ),
    (
        "agro",
        "Mensajes de texto con precios de referencia para los productores",
        "Muchos productores no tienen internet en la finca.",
        "Enviar por SMS los precios de referencia de los mercados mayoristas a los productores "
        "inscritos.",
        "ti",
        "ESF",
        None,
    ),
    (
        "agro",
        "Crédito asociativo para pequeños ganaderos",
        "Los pequeños ganaderos no acceden a crédito para mejorar pastos.",
        "Un fondo rotativo con las cooperativas de ahorro y reglas de asignación públicas.",
        "tr",
        "VHE",
        None,
    ),
    (
        "agro",
        "Control de plagas en los cultivos de maracuyá",
        "Las plagas reducen la cosecha de maracuyá y los productores usan químicos sin guía.",
        "Brigadas de sanidad vegetal y un boletín mensual abierto con alertas por parroquia.",
        "ti",
        "MTR",
        None,
    ),
    (
        "agro",
        "Mercado tsáchila en el Mercado 17 de Diciembre",
        "Los productores tsáchilas tienen pocos puestos y en malas condiciones.",
        "Adecuar un espacio propio para las asociaciones tsáchilas, asignado en asamblea.",
        "p",
        "SDO",
        "TS-CON",
    ),
    (
        "agro",
        "Tecnificación del riego en fincas pequeñas",
        "En verano las fincas pierden cosechas por falta de riego.",
        "Kits de riego por goteo con capacitación y un listado público de beneficiarios.",
        "ir",
        "SJB",
        None,
    ),
    (
        "agro",
        "Certificación orgánica participativa",
        "La certificación orgánica es cara para los pequeños productores.",
        "Un sistema participativo de garantía acompañado por la universidad y el Gobierno "
        "Provincial.",
        "pi",
        "LDA",
        None,
    ),
    # Vialidad rural
    (
        "vialidad",
        "Lastrado de la vía Atahualpa - Las Amazonas - La Florida",
        "La vía se vuelve intransitable en invierno y los productores no pueden sacar la cosecha.",
        "Lastrado y cunetas con participación de la comunidad en la veeduría de la obra.",
        "pr",
        "LCN",
        None,
    ),
    (
        "vialidad",
        "Calendario público de mantenimiento vial",
        "Las comunidades no saben cuándo llegará la maquinaria.",
        "Publicar cada mes el calendario de mantenimiento por ramal y avisar a los dirigentes.",
        "tr",
        None,
        None,
    ),
    (
        "vialidad",
        "Puente peatonal sobre el río Baba",
        "Los estudiantes cruzan el río en tarabita en época de lluvias.",
        "Construir un puente peatonal con diseño socializado y presupuesto publicado.",
        "tr",
        "ESF",
        None,
    ),
    (
        "vialidad",
        "Veedurías ciudadanas de obras viales",
        "Las obras se entregan sin que la comunidad conozca los contratos ni las especificaciones.",
        "Conformar veedurías en cada obra vial con acceso a contratos y planillas.",
        "tpr",
        "VHE",
        None,
    ),
    (
        "vialidad",
        "Señalización de las vías rurales",
        "Los ramales no tienen nombre ni señales y las ambulancias se pierden.",
        "Señalizar ramales con su código y nombre y publicar el mapa vial.",
        "ti",
        "SMT",
        None,
    ),
    (
        "vialidad",
        "Alcantarillas en el ramal Zaracay",
        "El agua corta la vía en varios tramos cada invierno.",
        "Instalar alcantarillas en los puntos críticos identificados con la comunidad.",
        "p",
        "MTR",
        None,
    ),
    (
        "vialidad",
        "Mantenimiento de la vía a la comuna Peripa",
        "La comuna queda aislada en invierno.",
        "Mantenimiento periódico de la vía de acceso con mingas y maquinaria provincial.",
        "p",
        None,
        "TS-PER",
    ),
    (
        "vialidad",
        "Reporte de daños viales por WhatsApp",
        "Reportar un daño exige ir hasta la ciudad.",
        "Un canal de WhatsApp y web para reportar daños con foto y recibir un código de "
        "seguimiento.",
        "pi",
        "ALL",
        None,
    ),
    (
        "vialidad",
        "Rendición de cuentas del presupuesto vial por parroquia",
        "No se sabe cuánto se invierte en las vías de cada parroquia.",
        "Publicar cada trimestre la inversión vial por parroquia y ramal.",
        "tr",
        "LVI",
        None,
    ),
    # Transparencia y datos abiertos
    (
        "datos",
        "Portal de datos abiertos del Gobierno Provincial",
        "La información pública está dispersa en documentos escaneados.",
        "Un portal con los datos de obras, presupuesto y contratación en formatos abiertos.",
        "ti",
        None,
        None,
    ),
    (
        "datos",
        "Contratación pública explicada a la ciudadanía",
        "Los procesos de contratación son difíciles de entender y seguir.",
        "Fichas sencillas de cada contrato con su avance y pagos, publicadas en la web.",
        "tr",
        None,
        None,
    ),
    (
        "datos",
        "Presupuesto participativo con seguimiento en línea",
        "Las obras priorizadas en asambleas no se sabe si se ejecutan.",
        "Publicar cada obra del presupuesto participativo con su estado y fotos.",
        "tpr",
        "SDO",
        None,
    ),
    (
        "datos",
        "Acceso a la información pública en lengua tsa'fiki",
        "La información oficial no llega a las comunas en su idioma.",
        "Traducir al tsa'fiki los resúmenes de los informes y difundirlos en las comunas.",
        "tp",
        None,
        "TS-EBU",
    ),
    (
        "datos",
        "Agenda pública de autoridades",
        "No se conoce con quién se reúnen las autoridades provinciales.",
        "Publicar la agenda semanal del prefecto y directores.",
        "tr",
        None,
        None,
    ),
    (
        "datos",
        "Informe anual de rendición de cuentas en formato abierto",
        "El informe de rendición de cuentas solo se publica en PDF.",
        "Publicar las cifras del informe en hojas de cálculo descargables.",
        "tri",
        None,
        None,
    ),
    (
        "datos",
        "Publicación de las actas del Consejo Provincial",
        "Las decisiones del Consejo no se conocen a tiempo.",
        "Publicar actas y votaciones dentro de los ocho días siguientes a cada sesión.",
        "tr",
        None,
        None,
    ),
    (
        "datos",
        "Capacitación en gobierno abierto para servidores públicos",
        "El personal no conoce las herramientas de datos abiertos.",
        "Un programa de formación con la universidad y un registro de las personas capacitadas.",
        "i",
        None,
        None,
    ),
    # Participación ciudadana
    (
        "participacion",
        "Asambleas parroquiales con acta pública",
        "Las asambleas se hacen pero sus acuerdos se pierden.",
        "Registrar y publicar las actas y el seguimiento de cada acuerdo.",
        "pr",
        "LCN",
        None,
    ),
    (
        "participacion",
        "Participación de los jóvenes en el Foro Multiactor",
        "Los jóvenes rurales no están representados en el foro.",
        "Reservar cupos para organizaciones juveniles y sesiones en horario accesible.",
        "p",
        None,
        None,
    ),
    (
        "participacion",
        "Consejo consultivo de mujeres rurales",
        "Las mujeres productoras no participan en las decisiones de inversión.",
        "Un consejo consultivo con voz en la priorización de proyectos.",
        "p",
        "LDA",
        None,
    ),
    (
        "participacion",
        "Consulta previa a las comunas tsáchilas",
        "Las obras en territorio tsáchila se deciden sin consultar a las comunas.",
        "Un protocolo de consulta previa acordado con la Gobernación Tsáchila.",
        "pr",
        None,
        "TS-CDB",
    ),
    (
        "participacion",
        "Buzón ciudadano de sugerencias con respuesta obligatoria",
        "Las sugerencias no reciben respuesta.",
        "Un buzón en línea y físico con respuesta pública en quince días.",
        "pri",
        None,
        None,
    ),
    (
        "participacion",
        "Escuela de liderazgo comunitario",
        "Los dirigentes rurales no conocen los mecanismos de participación.",
        "Cursos itinerantes sobre participación, control social y gobierno abierto.",
        "p",
        "PPI",
        None,
    ),
    (
        "participacion",
        "Sesiones del Foro Multiactor en las parroquias",
        "Las sesiones del foro siempre se hacen en la ciudad.",
        "Rotar las sesiones por las parroquias rurales y transmitirlas en línea.",
        "pi",
        None,
        None,
    ),
    (
        "participacion",
        "Voluntariado ambiental juvenil",
        "Los jóvenes quieren participar en la reforestación y no saben cómo.",
        "Un registro de voluntariado y jornadas mensuales coordinadas con los viveros.",
        "p",
        "SDO",
        None,
    ),
    # Servicios sociales y salud
    (
        "social",
        "Brigadas médicas en las comunas tsáchilas",
        "Las comunas alejadas no tienen atención médica regular.",
        "Brigadas mensuales coordinadas con el Ministerio de Salud y medicina ancestral.",
        "p",
        None,
        "TS-LNA",
    ),
    (
        "social",
        "Internet comunitario en las juntas parroquiales",
        "Los estudiantes rurales no tienen conexión para sus tareas.",
        "Puntos de internet gratuitos en las juntas parroquiales con horario publicado.",
        "i",
        "SJB",
        None,
    ),
    (
        "social",
        "Atención a personas con discapacidad en zonas rurales",
        "Las personas con discapacidad no acceden a los programas sociales.",
        "Un censo participativo y visitas domiciliarias con registro de atención.",
        "pr",
        "PLI",
        None,
    ),
    (
        "social",
        "Centros de cuidado infantil para familias productoras",
        "Las madres productoras no tienen dónde dejar a sus hijos en la cosecha.",
        "Centros de cuidado infantil comunitarios en temporada de cosecha.",
        "p",
        "LVI",
        None,
    ),
    (
        "social",
        "Agua potable para el recinto El Poste",
        "La comuna consume agua de pozo sin tratamiento.",
        "Un sistema de agua potable comunitario con junta administradora.",
        "pr",
        None,
        "TS-EPO",
    ),
    (
        "social",
        "Transporte escolar rural",
        "Los niños caminan horas para llegar a la escuela.",
        "Rutas de transporte escolar con horarios y recorridos publicados.",
        "t",
        "ALL",
        None,
    ),
    (
        "social",
        "Programa de alimentación con productos locales",
        "Los programas de alimentación compran fuera de la provincia.",
        "Comprar a las asociaciones locales con reglas y precios publicados.",
        "tr",
        "MTR",
        None,
    ),
]

REJECTION_REASONS = [
    "La propuesta corresponde a una competencia municipal; la remitimos al GAD cantonal.",
    "No describe una necesidad concreta de la provincia; puede reformularla y enviarla de nuevo.",
    "Es una denuncia individual, no una propuesta: ingrésela como denuncia para darle seguimiento.",
]

EXTRA_PUBLISHED = [
    (
        "agro",
        "Seguro agrícola para pequeños productores",
        "Una inundación o una plaga deja a las familias sin ingresos de todo el año.",
        "Subsidiar parte de la prima del seguro agrícola y publicar la lista de asegurados.",
        "tr",
        "PPI",
        None,
    ),
]

# (theme, title, problem, solution, values, parish, comuna, title of the original)
DUPLICATES = [
    (
        "ambiente",
        "Sembrar árboles en las orillas del río Toachi",
        "Cada invierno el río se lleva parte de las fincas de la orilla.",
        "Sembrar árboles en las orillas con ayuda de la Prefectura.",
        "p",
        "ALL",
        None,
        "Protección de las riberas del río Toachi",
    ),
    (
        "vialidad",
        "Arreglo de la vía a La Florida",
        "La vía a La Florida está llena de huecos y lodo.",
        "Arreglar la vía antes del invierno.",
        "",
        "LCN",
        None,
        "Lastrado de la vía Atahualpa - Las Amazonas - La Florida",
    ),
]

REJECTED = [
    (
        "vialidad",
        "Bacheo de las calles del centro de Santo Domingo",
        "Las calles del centro de la ciudad tienen baches.",
        "Que la Prefectura tape los baches del centro.",
        "",
        "SDO",
        None,
    ),
    (
        "participacion",
        "Mejorar la provincia",
        "Hay muchas cosas que no funcionan.",
        "Que se mejore todo.",
        "",
        None,
        None,
    ),
    (
        "ambiente",
        "Quema de basura de un vecino",
        "Mi vecino quema basura todas las noches.",
        "Que lo sancionen.",
        "",
        "SDO",
        None,
    ),
]

# The consultation open on the day the demo is loaded (second action plan): (theme key, title,
# problem, solution, OGP values, parish code, comuna code, published?).
CURRENT = [
    (
        "ambiente",
        "Monitoreo comunitario de la calidad del agua de los esteros",
        "Los esteros que abastecen a los recintos reciben descargas de lubricadoras y "
        "porcícolas y nadie publica análisis del agua.",
        "Formar monitores comunitarios que tomen muestras cada mes con el laboratorio de una "
        "universidad y publicar los resultados en datos abiertos, con alertas a la ciudadanía.",
        "tpi",
        "LDA",
        None,
        True,
    ),
    (
        "vialidad",
        "Calendario público de mantenimiento de ramales por parroquia",
        "Las comunidades no saben cuándo llegará la maquinaria y los reclamos se repiten cada "
        "invierno.",
        "Publicar cada mes el calendario de la maquinaria por parroquia y avisar a los "
        "comités viales cuando se reprograme un trabajo.",
        "tr",
        "PLI",
        None,
        True,
    ),
    (
        "agro",
        "Feria semanal de productores tsáchilas con precios publicados",
        "Los productores de las comunas venden a intermediarios sin conocer el precio del día.",
        "Una feria semanal en Santo Domingo con puestos para las comunas y los precios del "
        "día publicados en el portal y en un tablero en la feria.",
        "pi",
        "SDO",
        "TS-CHI",
        True,
    ),
    (
        "datos",
        "Contratos de obra pública del Gobierno Provincial en datos abiertos",
        "La información de los contratos está en PDF dispersos y no se puede comparar.",
        "Publicar cada contrato de obra con su monto, plazo, avance y fiscalizador en datos "
        "abiertos, enlazado a la obra en el mapa.",
        "tri",
        None,
        None,
        True,
    ),
    (
        "participacion",
        "Asambleas juveniles para el presupuesto participativo",
        "Los jóvenes no participan en las asambleas parroquiales, que se hacen en horario de "
        "trabajo.",
        "Asambleas juveniles en colegios y en línea, con una parte del presupuesto "
        "participativo decidida por jóvenes y rendición de cuentas al final del año.",
        "pr",
        "LCN",
        None,
        True,
    ),
    (
        "social",
        "Mapa de servicios de salud rural con horarios actualizados",
        "Las familias de los recintos viajan al subcentro y lo encuentran cerrado.",
        "Un mapa en el portal con los subcentros, sus horarios y las brigadas móviles de la "
        "semana, actualizado por el personal de salud.",
        "ti",
        "SJB",
        None,
        True,
    ),
    (
        "ambiente",
        "Puntos de acopio de envases de agroquímicos en los recintos",
        "Los envases de agroquímicos terminan en las quebradas.",
        "Instalar puntos de acopio con recolección mensual y publicar cuántos envases se "
        "recogen en cada recinto.",
        "tp",
        "VHE",
        None,
        False,
    ),
    (
        "vialidad",
        "Señalización de los puentes peatonales rurales",
        "Varios puentes colgantes no tienen señalización ni límite de carga.",
        "Inventariar y señalizar los puentes peatonales, con reportes ciudadanos de daños.",
        "p",
        "ALL",
        None,
        False,
    ),
]
