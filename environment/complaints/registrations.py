"""Report types, indicators, datasets and home panel of complaints; called from apps.ready()."""


def register():
    pass
