"""Lambda glue shared by every function: observability, error mapping, the caller dependency.

Kept apart from the domain modules, which never see Lambda or HTTP types.
"""
