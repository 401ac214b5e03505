"""Post-call analysis by an OpenAI model: the `openai` SDK's structured outputs with `ModelAnalysis`.

The prompt and the merge are `vocadesk.call_analysis`'s (pure); this adapter only makes the request. The SDK
does not retry (`max_retries=0`): the caller retries the whole analysis and falls back to the transcript.
"""

from __future__ import annotations

from typing import Any

from vocadesk import call_analysis
from vocadesk.call_analysis import CallFacts, ModelAnalysis
from vocadesk.models.calls import CallAnalysis


class NoAnalysis(Exception):
    """The model returned nothing usable (a refusal, or output that does not fit the schema)."""


class OpenAIAnalyzer:
    def __init__(
        self,
        api_key: str,
        model: str,
        *,
        base_url: str | None = None,
        http_client: Any = None,  # the SDK's httpx2.AsyncClient (tests pass one with a mock transport)
        timeout_seconds: float = 30.0,
    ) -> None:
        self.api_key = api_key
        self.model = model
        self.base_url = base_url
        self.http_client = http_client
        self.timeout_seconds = timeout_seconds
        self._client: Any = None

    def client(self) -> Any:
        if self._client is None:
            from openai import AsyncOpenAI

            self._client = AsyncOpenAI(
                api_key=self.api_key,
                base_url=self.base_url,
                http_client=self.http_client,
                timeout=self.timeout_seconds,
                max_retries=0,
            )
        return self._client

    async def analyze(self, facts: CallFacts) -> CallAnalysis:
        system, user = call_analysis.prompt(facts)
        response = await self.client().responses.parse(
            model=self.model,
            input=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            text_format=ModelAnalysis,
        )
        parsed = response.output_parsed
        if parsed is None:
            raise NoAnalysis("the model returned no analysis")
        return call_analysis.from_model(facts, parsed)
