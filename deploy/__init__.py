"""Deployment files: the reference nginx configuration (nginx.conf) and the code that fills it in."""
