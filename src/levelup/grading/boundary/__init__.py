"""The process boundary between the trusted test harness and the candidate's code.

Only plain data crosses it (see `codec`). The worker side (`worker`) runs inside the sandbox;
the trusted side (`connection`, `proxy`) runs in the harness process.
"""
