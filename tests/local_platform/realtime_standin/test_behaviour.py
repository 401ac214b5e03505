import pytest

from local_platform.realtime_standin.behaviour import Faults, caller_lines, parse_faults, split_model


def test_a_fault_spec_sets_each_named_fault():
    faults = parse_faults("slow:200, drop_after_events:40,drop_after_ms:1500,reject:503,pace:2.5")

    assert faults == Faults(reject_status=503, slow_ms=200, drop_after_events=40, drop_after_ms=1500, pace=2.5)
    assert parse_faults("instant").pace == 0


def test_a_connection_spec_overrides_only_what_it_names():
    base = Faults(slow_ms=100, pace=1.0)

    assert parse_faults("drop_after_events:3", base) == Faults(slow_ms=100, pace=1.0, drop_after_events=3)
    assert parse_faults("", base) == base


@pytest.mark.parametrize("spec", ["explode", "slow", "slow:fast", "instant:1", "reject:200", "slow:-1"])
def test_nonsense_is_refused_with_its_name(spec):
    with pytest.raises(ValueError, match=spec.split(":")[0]):
        parse_faults(spec)


def test_faults_may_ride_on_the_model_name():
    assert split_model("gpt-realtime?standin=slow:200") == ("gpt-realtime", "slow:200")
    assert split_model("gpt-realtime") == ("gpt-realtime", "")


def test_caller_lines_split_on_bars_and_repeat():
    assert caller_lines(["Alex | yes", "bye"]) == ("Alex", "yes", "bye")
