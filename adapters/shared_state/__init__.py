"""Short-lived state replicas share through Redis (ROLEBOT_REDIS_URL): conversation context,
Slack event claims and active threads, welcome claims. Each piece implements the protocol its
in-process default does, and falls back to in-process state while Redis fails."""
