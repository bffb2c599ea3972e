"""Every channel's guards: input checks, admission under load, and the apology when a store fails."""
