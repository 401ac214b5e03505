"""The CDK app deploying the whole platform (built in the infrastructure issue).

It will build its DynamoDB table from `vocadesk.storage.tables.MAIN_TABLE` and its bus rule from
`vocadesk.events.INGEST_RULE_PATTERN`, the definitions `make run` provisions locally.
"""
