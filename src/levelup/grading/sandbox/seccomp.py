"""The seccomp layer: a BPF filter bubblewrap installs just before it runs the worker.

Denied (EPERM): debugging other processes, mounting, loading kernel code or BPF, keyrings,
perf events, new namespaces, and sockets of any family but AF_UNIX (the worker's only channel).
Built with libseccomp through pyseccomp; compiled once per process.
"""

from __future__ import annotations

import errno
import os
import socket
import tempfile
from functools import lru_cache

DENIED_SYSCALLS = (
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsmount",
    "bpf",
    "perf_event_open",
    "keyctl",
    "add_key",
    "request_key",
    "unshare",
    "setns",
    "init_module",
    "finit_module",
    "delete_module",
    "kexec_load",
    "kexec_file_load",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
    "quotactl",
)


class SeccompUnavailable(Exception):
    pass


@lru_cache(maxsize=1)
def compiled_filter() -> bytes:
    """The filter as BPF bytes; raises SeccompUnavailable when libseccomp cannot be used."""
    try:
        import pyseccomp
    except (ImportError, OSError) as exc:  # OSError: libseccomp.so.2 missing
        raise SeccompUnavailable(f"pyseccomp/libseccomp is not available ({exc})") from None
    try:
        syscall_filter = pyseccomp.SyscallFilter(defaction=pyseccomp.ALLOW)
        for name in DENIED_SYSCALLS:
            try:
                syscall_filter.add_rule(pyseccomp.ERRNO(errno.EPERM), name)
            except Exception:  # a syscall this architecture does not have
                continue
        syscall_filter.add_rule(
            pyseccomp.ERRNO(errno.EAFNOSUPPORT), "socket", pyseccomp.Arg(0, pyseccomp.NE, socket.AF_UNIX)
        )
        with tempfile.TemporaryFile() as handle:
            syscall_filter.export_bpf(handle)
            handle.seek(0)
            return handle.read()
    except SeccompUnavailable:
        raise
    except Exception as exc:
        raise SeccompUnavailable(f"could not build the seccomp filter ({exc})") from None


def filter_fd() -> int:
    """A readable fd holding the filter, for `bwrap --seccomp FD` (the caller closes it)."""
    program = compiled_filter()
    read_end, write_end = os.pipe()
    os.write(write_end, program)  # a few hundred bytes: fits the pipe buffer
    os.close(write_end)
    return read_end
