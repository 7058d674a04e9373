import flask
import random


def start_checkout(cart_id):
    value = random.getrandbits(64)
    nonce = "%x" % value
    flask.session["checkout-" + cart_id] = nonce
    return nonce
