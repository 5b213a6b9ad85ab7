"""Settings for `make run`: one machine, SQLite by default, tasks eager, mail to the console.

DEBUG stays off so that a first run looks like the product (friendly error pages); set DJANGO_DEBUG=true
while developing. Static files are served by whitenoise straight from the source folders.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
