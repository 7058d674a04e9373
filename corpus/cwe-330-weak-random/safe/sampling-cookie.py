import random

from flask import make_response


def landing():
    bucket = random.randint(0, 99)
    variant = "b" if bucket < 10 else "a"
    response = make_response("hello")
    response.set_cookie("ab_variant", variant, secure=True, httponly=True)
    return response
