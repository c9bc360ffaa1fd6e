"""Fault tests (issue 7): the real command line in subprocesses, under disk, clock and kills."""
