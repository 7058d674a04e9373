import os

DB_PASSWORD = os.environ.get("DB_PASSWORD", "changeme")
API_TOKEN_HEADER = "X-Api-Token"
EXAMPLE_PASSWORD = "your-password-here"
