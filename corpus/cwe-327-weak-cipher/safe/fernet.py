from cryptography.fernet import Fernet

DESCRIPTION = "replaces the old DES.new(key, DES.MODE_ECB) code"

def encrypt(key, data):
    return Fernet(key).encrypt(data)
