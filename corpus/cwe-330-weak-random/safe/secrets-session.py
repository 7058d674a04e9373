import secrets

import flask


def start_checkout(cart_id):
    value = secrets.randbits(64)
    nonce = "%x" % value
    flask.session["checkout-" + cart_id] = nonce
    return nonce
