"""Hosted mode: assessments administered to many candidates, reviewed by staff."""
