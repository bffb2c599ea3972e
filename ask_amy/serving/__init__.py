"""Runtime pieces of the production set-up (see docs/deploy.md): the action gateway and the lock store."""
