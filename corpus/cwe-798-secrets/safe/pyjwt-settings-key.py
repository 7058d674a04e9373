import jwt
from django.conf import settings


def issue(user):
    return jwt.encode({"sub": user.pk}, settings.SECRET_KEY, algorithm="HS256")


def unverified_header(token):
    return jwt.get_unverified_header(token)
