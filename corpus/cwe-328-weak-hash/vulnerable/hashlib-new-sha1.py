import hashlib

def api_key_digest(api_key):
    return hashlib.new("sha1", api_key.encode()).hexdigest()
