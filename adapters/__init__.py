"""Thin adapters: each turns platform events into `bot.Message` and renders `bot.Reply` back."""
