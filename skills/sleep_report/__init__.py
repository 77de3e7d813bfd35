"""Sleep report skill: sessions from bed, motion, phone and sound; a morning report per person."""

from skills.sleep_report.reporter import SETTINGS_SCHEMA, SLEEP_REPORT, SleepReporter

NAME = "sleep_report"
DESCRIPTION = "Tracks each person's night from the bed mat, motion, phone and sound, and reports it in the morning."

__all__ = ["DESCRIPTION", "NAME", "SETTINGS_SCHEMA", "SLEEP_REPORT", "SleepReporter"]
