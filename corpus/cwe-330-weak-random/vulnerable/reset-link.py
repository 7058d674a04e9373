from random import randint

from .mail import send


def reset_password(user):
    n = randint(0, 10**12)
    link_key = f"{n:012d}"
    user.reset_key = link_key
    send(user.email, f"https://example.test/reset/{link_key}")
