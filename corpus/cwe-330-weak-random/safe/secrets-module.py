import random
import secrets

def generate_password(length=16):
    return secrets.token_urlsafe(length)

def sample_for_metrics(events):
    return random.sample(events, k=min(10, len(events)))
