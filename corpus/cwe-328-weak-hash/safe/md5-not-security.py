import hashlib

def cache_key(url):
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()

def checksum(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()
