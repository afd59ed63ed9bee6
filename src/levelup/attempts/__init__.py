"""Attempts: the level-gated state machine, the timer and scoring, independent of any interface."""
