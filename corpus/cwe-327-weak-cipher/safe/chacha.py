from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

def seal(key, nonce, data):
    return ChaCha20Poly1305(key).encrypt(nonce, data, None)
