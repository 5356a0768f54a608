"""Threads: grad mode is per thread, backward passes keep their gradients to themselves, pauses nest across threads."""

import asyncio
import gc
import sys
import threading

import pytest

from autograd import Value, enable_grad, grad, gradients, is_grad_enabled, no_grad, set_grad_enabled
from autograd.backward import cycle_collector_paused


@pytest.fixture
def busy_switching():
    """Switch threads as often as Python allows, so interleavings that break shared state happen."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def run_in_thread(target):
    """Run ``target`` in a new thread; return what it returned (or re-raise what it raised)."""
    outcome = {}

    def wrapper():
        try:
            outcome["result"] = target()
        except BaseException as error:  # handed to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=wrapper)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


# ---- grad mode is per thread ---------------------------------------------------------------------------------------


def test_a_thread_inside_no_grad_does_not_stop_another_from_recording():
    inside, done = threading.Event(), threading.Event()

    def predicting():  # e.g. nn.predict in a web handler
        with no_grad():
            inside.set()
            done.wait(timeout=60)
            return is_grad_enabled()

    thread = threading.Thread(target=predicting)
    thread.start()
    try:
        assert inside.wait(timeout=60)
        assert is_grad_enabled()
        assert grad(lambda x: x**3)(2.0) == 12.0
        assert len((Value(1.0) + 2.0).children) == 2
    finally:
        done.set()
        thread.join(timeout=60)


def test_two_threads_interleaving_no_grad_leave_recording_on():
    # A enters, B enters (and with a process-wide flag would save False), A exits, B exits.
    barrier = threading.Barrier(2, timeout=60)
    after = {}

    def predict(name, first):
        if not first:
            barrier.wait()  # 1: A is inside
        with no_grad():
            if first:
                barrier.wait()  # 1
                barrier.wait()  # 2: B is inside
            else:
                barrier.wait()  # 2
                barrier.wait()  # 3: A has left
        if first:
            barrier.wait()  # 3
        after[name] = is_grad_enabled()

    threads = [threading.Thread(target=predict, args=("A", True)), threading.Thread(target=predict, args=("B", False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert after == {"A": True, "B": True}
    assert is_grad_enabled()
    x = Value(2.0)
    (x * x).backward()
    assert x.grad == 4.0


def test_a_new_thread_starts_recording_whatever_the_creating_thread_does():
    with no_grad():
        assert run_in_thread(is_grad_enabled) is True
        assert run_in_thread(lambda: len((Value(1.0) * 3.0).children)) == 2


def test_asyncio_tasks_each_have_their_own_grad_mode():
    async def predicting(entered, release):
        with no_grad():
            entered.set()
            await release.wait()
            return is_grad_enabled()

    async def training(entered):
        await entered.wait()
        return is_grad_enabled(), len((Value(1.0) + 1.0).children)

    async def main():
        entered, release = asyncio.Event(), asyncio.Event()
        prediction = asyncio.create_task(predicting(entered, release))
        trained = await training(entered)
        release.set()
        return await prediction, trained

    assert asyncio.run(main()) == (False, (True, 2))
    assert is_grad_enabled()


# ---- one context object entered twice, nested ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "make", [no_grad, enable_grad, lambda: set_grad_enabled(False)], ids=["no_grad", "enable", "set"]
)
def test_one_context_object_entered_twice_nested_restores_each_level(make):
    block = make()
    outside = is_grad_enabled()
    with block:
        inside = is_grad_enabled()
        with block:
            assert is_grad_enabled() == inside
        assert is_grad_enabled() == inside
    assert is_grad_enabled() == outside is True
    with no_grad():
        with enable_grad(), enable_grad():
            assert is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_one_no_grad_object_shared_by_two_threads():
    shared = no_grad()
    barrier = threading.Barrier(2, timeout=60)
    after = {}

    def predict(name):
        with shared:
            barrier.wait()
            after[name + " inside"] = is_grad_enabled()
            barrier.wait()
        after[name] = is_grad_enabled()

    threads = [threading.Thread(target=predict, args=(name,)) for name in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert after == {"A inside": False, "B inside": False, "A": True, "B": True}


# ---- grad() and backward(create_graph=True) record their own graph ------------------------------------------------


def test_create_graph_inside_no_grad_still_builds_the_derivative_graph():
    x = Value(1.5)
    y = x**3
    with no_grad():
        y.backward(create_graph=True)
        assert not is_grad_enabled()  # the pass switched recording on for itself only
    first = x.grad
    assert isinstance(first, Value) and first.data == 3 * 1.5**2
    (second,) = gradients(first, [x])
    assert second == 6 * 1.5  # with nothing recorded it would be 0.0


def test_gradients_with_create_graph_inside_no_grad():
    x = Value(2.0)
    y = x * x * x
    with no_grad():
        (first,) = gradients(y, [x], create_graph=True)
    assert gradients(first, [x]) == [12.0]


def test_grad_inside_no_grad_in_this_and_in_another_thread():
    with no_grad():
        assert grad(grad(lambda x: x**3))(2.0) == 12.0
        assert run_in_thread(lambda: grad(lambda x: x**3)(2.0)) == 12.0
        assert not is_grad_enabled()


def test_grad_in_one_thread_does_not_turn_another_threads_grad_into_graphs(busy_switching):
    # grad() counts the grad calls running in its own thread only: a running grad in thread A
    # must not make thread B's grad return Values (a nested grad builds graphs).
    stop = threading.Event()

    def outer_grads():
        while not stop.is_set():
            grad(lambda x: x * grad(lambda y: x * y)(1.0))(3.0)

    thread = threading.Thread(target=outer_grads)
    thread.start()
    try:
        results = [grad(lambda x: x**2)(float(i)) for i in range(300)]
    finally:
        stop.set()
        thread.join(timeout=60)
    assert all(type(r) is float for r in results)
    assert results == [2.0 * i for i in range(300)]


# ---- backward passes from several threads on graphs that share parameters -----------------------------------------


def shared_model():
    w = [Value(0.5 + i / 8, label=f"w{i}") for i in range(4)]
    return w


def loss_of(w, x):
    """A small function of the shared parameters whose gradients are exact in floats."""
    return (w[0] * x + w[1]) * (w[2] - x) + w[3] * w[3] * x


def exact_gradients(w, x):
    w0, w1, w2, w3 = (p.data for p in w)
    return [x * (w2 - x), w2 - x, w0 * x + w1, 2 * w3 * x]


def test_gradients_from_two_threads_on_shared_parameters_are_right_and_touch_no_grad(busy_switching):
    w = shared_model()
    for p in w:
        p.grad = 7.0
    wrong = []

    def worker(x):
        for _ in range(200):
            got = gradients(loss_of(w, x), w)
            if got != exact_gradients(w, x):
                wrong.append((x, got))

    threads = [threading.Thread(target=worker, args=(x,)) for x in (2.0, -3.0, 0.25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert wrong == []
    assert [p.grad for p in w] == [7.0] * 4


def test_backward_from_two_threads_on_shared_parameters_adds_up_exactly(busy_switching):
    w = shared_model()
    calls = 150
    inputs = (2.0, -3.0)

    def worker(x):
        for _ in range(calls):
            loss_of(w, x).backward()

    threads = [threading.Thread(target=worker, args=(x,)) for x in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    expected = [calls * sum(column) for column in zip(*(exact_gradients(w, x) for x in inputs))]
    assert [p.grad for p in w] == expected


def test_grad_from_several_threads_at_once(busy_switching):
    f = grad(lambda a, b: a * a * b + b, argnums=(0, 1))
    results = {}

    def worker(k):
        results[k] = [f(float(k), float(i)) for i in range(100)]

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(1, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for k, got in results.items():
        assert got == [(2.0 * k * i, k * k + 1.0) for i in range(100)]


# ---- the cycle collector's pause nests across threads ------------------------------------------------------------


def test_collector_pauses_from_two_threads_nest():
    was_enabled = gc.isenabled()
    gc.enable()
    barrier = threading.Barrier(2, timeout=60)
    seen = {}

    def first():
        with cycle_collector_paused():
            barrier.wait()  # 1: both paused
        barrier.wait()  # 2: first is out
        barrier.wait()  # 3: second has looked

    def second():
        with cycle_collector_paused():
            barrier.wait()  # 1
            barrier.wait()  # 2
            seen["while the second is still paused"] = gc.isenabled()
            barrier.wait()  # 3

    try:
        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert seen == {"while the second is still paused": False}
        assert gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()
