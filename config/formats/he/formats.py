"""Hebrew as Django ships it, plus digit grouping: Django's Hebrew formats name "," as the
thousands separator but set no NUMBER_GROUPING, so tables showed "2890" where the charts
(Intl.NumberFormat, CLDR) show "2,890"."""

from django.conf.locale.he.formats import *  # noqa: F403

NUMBER_GROUPING = 3
