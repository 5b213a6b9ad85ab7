"""Settings for `make run`: one machine, SQLite by default, tasks eager, mail to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
