"""The Slack adapter: rolebot on slack-bolt (mentions, DMs, threads, `/roles`, buttons).

`app.build_app(core, settings)` builds the Bolt app without connecting; `server` runs it;
`inbound.to_message` and `render.render` are the pure translators either side of the core.
"""
