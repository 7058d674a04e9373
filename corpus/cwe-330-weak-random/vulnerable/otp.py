import random

def send_login_code(user, sms):
    otp = random.randint(100000, 999999)
    user.login_code = otp
    sms.send(user.phone, f"Your code is {otp}")
