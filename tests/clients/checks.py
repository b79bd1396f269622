"""The reporting the Python client tests share: one line per check ("ok   name"
or "FAIL name: got ..., want ..."), and the exit status at the end."""
import sys

failures = 0


def check(name, got, want):
    global failures
    if got == want:
        print("ok   " + name)
    else:
        failures += 1
        print("FAIL %s: got %r, want %r" % (name, got, want))


def finish(label=None):
    """Prints "<label>: N failed" when given, then exits non-zero on any failure."""
    if label:
        print("%s: %d failed" % (label, failures))
    sys.exit(1 if failures else 0)
