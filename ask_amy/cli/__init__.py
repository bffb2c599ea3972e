"""What `make chat`, `make serve` and the deployment scripts run: shell, credentials, service checks."""
