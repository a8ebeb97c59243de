"""Role names (Django groups, created by a migration). One place, so no app spells them twice."""

CITIZEN = "Ciudadanía"
FORUM_MEMBER = "Miembro del Foro"
TECHNICIAN = "Técnico"
MODERATOR = "Moderador"
ADMINISTRATOR = "Administrador"
COLLECTOR = "Recolector de precios"
PRODUCER = "Productor"

ALL = [CITIZEN, FORUM_MEMBER, TECHNICIAN, MODERATOR, ADMINISTRATOR]

# Roles staff give by invitation (the others come from sign-up or the admin itself).
INVITABLE = [FORUM_MEMBER, COLLECTOR, MODERATOR, PRODUCER]
