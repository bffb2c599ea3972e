"""The browser tests of the widget page and the rasa-webchat page, with the npm packages those pages use."""
