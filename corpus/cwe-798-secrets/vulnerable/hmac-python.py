import hashlib
import hmac

SIGNING = b"f00dbabe-webhooks"


def sign(body: bytes) -> str:
    return hmac.new(SIGNING, body, hashlib.sha256).hexdigest()
