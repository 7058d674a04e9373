from Crypto.Cipher import AES

def encrypt_block(key, block):
    return AES.new(key, AES.MODE_ECB).encrypt(block)
