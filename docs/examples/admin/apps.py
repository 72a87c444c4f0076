"""App config for the admin examples: its label must not clash with django.contrib.admin."""

from django.apps import AppConfig


class AdminExamplesConfig(AppConfig):
    name = "examples.admin"
    label = "admin_examples"
