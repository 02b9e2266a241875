"""Onboarding: the tour, role checklists, tour progress and welcomes, and the team's contacts."""
