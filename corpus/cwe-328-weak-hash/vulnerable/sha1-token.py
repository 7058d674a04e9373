import hashlib
import os

def reset_token(user_id):
    seed = f"{user_id}:{os.urandom(8).hex()}"
    return hashlib.sha1(seed.encode()).hexdigest()

def store_password(user, password):
    user.password_hash = hashlib.md5(password.encode()).hexdigest()
