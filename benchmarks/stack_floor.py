"""The floor under the Management API's cold start: importing its chosen stack, before any Vocadesk code.

pydantic with a first model class (pydantic loads its model machinery then), pydantic-settings, and
Powertools' logger, metrics and HTTP resolver with request validation. `cold_start` imports this module
as it imports a handler; the difference is what our own code costs.
"""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, ConfigDict
from pydantic_settings import BaseSettings


class Item(BaseModel):
    model_config = ConfigDict(defer_build=True)

    name: str


class Settings(BaseSettings):
    table_name: str = "vocadesk"


app = APIGatewayHttpResolver(enable_validation=True)
logger = Logger()
metrics = Metrics(namespace="Floor")
LIMIT = Query(ge=1, le=100)
