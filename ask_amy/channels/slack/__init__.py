"""The Slack channel (registered in credentials.yml as ``ask_amy.channels.slack.channel.SlackChannel``)."""
