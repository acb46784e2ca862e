"""The hard time limit: slow calls stop, even inside C code; answers and errors come back."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import time

import pytest
import sympy

from solver.time_limits import run_with_time_limit

LIMIT = 1.0


def _sleep():
    time.sleep(30)


def _factor():
    return sympy.factorint(2**2048 + 1)


def _key_stretch(rounds: int = 10**8):
    """One long C call that runs no Python signal handler until it returns (~30 s)."""
    return hashlib.pbkdf2_hmac("sha256", b"password", b"salt", rounds)


def _alarm_cannot_stop(function) -> bool:
    """True when SIGALRM, the usual in-process limit, does not stop ``function`` in time."""
    def alarm(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, alarm)
    start = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        function()
    except TimeoutError:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.monotonic() - start > 0.5


def _raise():
    raise ValueError("bad input 42")


def _unpicklable():
    return lambda: 1


@pytest.mark.parametrize("function", [_sleep, _factor, _key_stretch],
                         ids=["sleep", "factorint", "c-call"])
def test_slow_calls_stop_within_the_limit(function):
    start = time.monotonic()
    status, value = run_with_time_limit(function, (), LIMIT)
    elapsed = time.monotonic() - start
    assert (status, value) == ("timeout", None)
    assert elapsed < LIMIT + 1


def test_a_c_call_that_outlives_an_alarm_still_stops():
    """SIGALRM waits for the C call to return; the child process is stopped on time."""
    assert _alarm_cannot_stop(lambda: _key_stretch(3 * 10**6))
    start = time.monotonic()
    assert run_with_time_limit(_key_stretch, (), 0.3) == ("timeout", None)
    assert time.monotonic() - start < 0.3 + 1


def test_a_normal_call_returns_its_value():
    assert run_with_time_limit(sympy.factorint, (2**10 * 3**5,), 5) == ("ok", {2: 10, 3: 5})
    assert run_with_time_limit(divmod, (7, 2), 5) == ("ok", (3, 1))


def test_an_exception_is_returned_with_its_message():
    assert run_with_time_limit(_raise, (), 5) == ("error", "ValueError: bad input 42")


def test_a_value_that_cannot_be_sent_is_an_error():
    status, message = run_with_time_limit(_unpicklable, (), 5)
    assert status == "error" and "could not be sent back" in message


def _die():
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_child_that_dies_is_an_error():
    status, message = run_with_time_limit(_die, (), 5)
    assert status == "error" and "signal 9" in message


def _children() -> set[int]:
    """Ids of this process's children, zombies included (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == os.getpid():
                found.add(int(entry))
    return found


def test_no_child_is_left_behind():
    before = _children()
    for _ in range(3):
        run_with_time_limit(_sleep, (), 0.05)
        run_with_time_limit(divmod, (1, 1), 5)
        run_with_time_limit(_raise, (), 5)
    assert _children() <= before


def test_works_inside_a_daemonic_worker():
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        assert pool.apply(run_with_time_limit, (divmod, (9, 4), 5)) == ("ok", (2, 1))
