"""The whole platform on this machine (`make run`): AWS emulator, local gateway, bus delivery, sign-in.

Local mode changes endpoints and credentials, never logic: the same Lambda handlers receive real API
Gateway and SQS/EventBridge events, and boto3 talks to moto's server. Nothing here is deployed.
"""
