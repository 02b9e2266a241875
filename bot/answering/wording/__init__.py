"""Wording: every text rolebot replies with, in one package, so a team can reword it."""
