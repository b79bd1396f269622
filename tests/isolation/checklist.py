"""Invariant checks for the stress and batch-deadlock scripts: one line per
check ("ok   name" / "FAIL name detail") and a "LABEL: N passed, N failed" summary."""


class Checklist:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("ok   " + name)
        else:
            self.failed += 1
            print("FAIL %s %s" % (name, detail))

    def finish(self, label):
        """Prints the summary; returns the exit status (1 when anything failed)."""
        print("%s: %d passed, %d failed" % (label, self.passed, self.failed))
        return 1 if self.failed else 0
