"""A local server speaking the GA OpenAI Realtime protocol, for `make run`, tests, benchmarks and rehearsals.

`start_standin()` serves it on loopback; point the `openai` SDK at `RunningStandin.url` as its
`websocket_base_url`. It detects speech with an energy VAD, follows the agent its session instructions
describe (greeting, questions with `record_answer`, transfers, `end_call`), speaks with espeak-ng or a
tone voice, and injects faults on request (see `behaviour`).
"""

from local_platform.realtime_standin.behaviour import Faults, StandinBehaviour, parse_faults
from local_platform.realtime_standin.server import RunningStandin, start_standin

__all__ = ["Faults", "RunningStandin", "StandinBehaviour", "parse_faults", "start_standin"]
