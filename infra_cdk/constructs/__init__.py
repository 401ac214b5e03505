"""One construct per service; the stack (`infra_cdk/stack.py`) composes them and does the cross-service grants."""
