from benchmarks.web_calls import TAG_BYTES, TAG_CHARS, _restamp_b64, stamp, stamped_at
from local_platform.web_caller import speech_frames


def test_a_stamped_frame_carries_its_send_time_and_stays_near_silent():
    frame = speech_frames()[10]

    stamped = stamp(frame, now=1234.567891)

    assert len(stamped) == len(frame) and stamped[TAG_BYTES:] == frame[TAG_BYTES:]
    assert abs(stamped_at(stamped) - 1234.567891) < 1e-6
    samples = [int.from_bytes(stamped[i : i + 2], "little", signed=True) for i in range(0, TAG_BYTES, 2)]
    assert all(0 <= s <= 255 for s in samples)  # -42 dBFS at most, on 8 samples of 480


def test_ordinary_audio_carries_no_stamp():
    assert all(stamped_at(frame) is None for frame in speech_frames()[:50])


def test_a_base64_delta_head_is_restamped_in_place():
    import base64

    head = base64.b64encode(speech_frames()[3][:18]).decode()[:TAG_CHARS]

    restamped = base64.b64decode(_restamp_b64(head))

    assert len(_restamp_b64(head)) == TAG_CHARS and stamped_at(restamped) is not None
