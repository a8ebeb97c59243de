"""Role names (Django groups, created by a migration). One place, so no app spells them twice."""

CITIZEN = "Ciudadanía"
FORUM_MEMBER = "Miembro del Foro"
TECHNICIAN = "Técnico"
MODERATOR = "Moderador"
ADMINISTRATOR = "Administrador"

ALL = [CITIZEN, FORUM_MEMBER, TECHNICIAN, MODERATOR, ADMINISTRATOR]
