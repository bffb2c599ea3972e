"""Time words: durations, calendar days and their word tables, in pure Python."""
