"""Demo complaints, loaded from environment/demo.py."""


def load(stdout):
    pass
