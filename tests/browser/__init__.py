"""Test-only helpers and pages for tests/test_browser.py, with the npm packages they serve."""
