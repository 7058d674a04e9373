from Crypto.Cipher import DES

def encrypt(key, data):
    cipher = DES.new(key, DES.MODE_CBC)
    return cipher.iv + cipher.encrypt(data)
