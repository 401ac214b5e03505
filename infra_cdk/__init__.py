"""The CDK app that deploys the whole platform (`make synth`; README "Deploy to AWS").

It builds its table from `vocadesk.storage.tables.MAIN_TABLE`, its user pool from `vocadesk.user_pool.USER_POOL`,
its bus rule from `vocadesk.events.INGEST_RULE_PATTERN` and its routes from `functions.api_routes.API_ROUTES`:
the definitions `make run` uses locally. Nothing here restates them.
"""
