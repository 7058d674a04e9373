import hashlib
import hmac
import os

KEY = os.environ["WEBHOOK_KEY"].encode()


def sign(body: bytes) -> str:
    digest = hmac.new(KEY, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(digest, "expected") and digest
