from bot.state.seen import MemorySeenEvents


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_new_once() -> None:
    seen = MemorySeenEvents()
    assert seen.first_time("event:Ev1") is True
    assert seen.first_time("event:Ev1") is False
    assert seen.first_time("event:Ev2") is True


def test_keys_expire_after_their_lifetime() -> None:
    clock = Clock()
    seen = MemorySeenEvents(ttl_s=60, clock=clock)
    seen.first_time("a")
    clock.now = 59
    assert seen.first_time("a") is False
    clock.now = 121
    assert seen.first_time("a") is True


def test_memory_is_bounded() -> None:
    seen = MemorySeenEvents(max_keys=100)
    for i in range(1000):
        seen.first_time(str(i))
    assert len(seen) == 100
    assert seen.first_time("999") is False  # the newest are kept
