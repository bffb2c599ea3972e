"""What people said to the bot: review, retention, erasure and export of stored conversations.

Every module reads Rasa's own ``events`` table (the SQLTrackerStore's schema) through SQLAlchemy,
on the store the endpoints file configures: SQLite by default, PostgreSQL in the scale-out
profile. Nothing here imports Rasa's heavy modules or needs a trained model.

* :mod:`ask_amy.conversations.store`       - the engine from the endpoints file; reading events.
* :mod:`ask_amy.conversations.masking`     - email addresses, phone numbers, URLs and names masked.
* :mod:`ask_amy.conversations.outcomes`    - what the bot made of each message (unsure or not, and why).
* :mod:`ask_amy.conversations.grouping`    - near-duplicate messages grouped.
* :mod:`ask_amy.conversations.news_counts` - the news people reported from the employer, counted.
* :mod:`ask_amy.conversations.review`      - ``make review``: the dated review, the YAML to label.
* :mod:`ask_amy.conversations.report_html` - the review as one self-contained HTML page.
* :mod:`ask_amy.conversations.retention`   - ``make prune``: conversations past the retention period go.
* :mod:`ask_amy.conversations.erasure`     - ``make forget`` / ``make export``: one person's conversation.
"""
