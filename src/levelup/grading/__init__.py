"""Grading: the trusted pytest harness, the process boundary and the sandbox.

Kept import-light on purpose: the sandboxed worker imports `levelup.grading.boundary.worker`
and must not pay for (or be able to reach) anything the trusted side uses.
"""
