"""Curating from chat: what Slack and Discord share about `/roles curate` and Teach buttons.

`desk.CurationDesk` lists the unanswered questions, applies a curator's change through the one
teach path and reloads the bot; `requests` is how a button or select says what it does. Each
platform only renders what the desk returns and translates its clicks into `requests.Request`.
"""
