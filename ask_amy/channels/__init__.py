"""Custom Rasa input/output channels for Ask Amy (registered by module path in credentials.yml)."""
