"""HQ Console: the headquarters console of an omnichannel retail network."""

__version__ = "0.1.0"
