import datetime

import jwt


def issue_token(user_id):
    payload = {"sub": user_id, "exp": datetime.datetime.utcnow() + datetime.timedelta(hours=1)}
    return jwt.encode(payload, "secret", algorithm="HS256")


def read_token(token):
    return jwt.decode(token, "secret", algorithms=["HS256"])
