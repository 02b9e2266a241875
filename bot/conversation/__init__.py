"""Conversation state: what each conversation was last about, so follow-ups keep their context."""
