"""The home page's list of resolutions (output/listing.py)."""

from django import template

from resolutions.output.listing import resolution_rows

register = template.Library()

# `{{ resolutions|resolution_rows }}`: the rows of the home page's table.
register.filter("resolution_rows", resolution_rows)
