import stripe

stripe.api_key = "sk_live_51HxQ2LKJd8s7fP3mN0vB6yT4rE9wQ1zX"

def charge(amount, token):
    return stripe.Charge.create(amount=amount, currency="eur", source=token)
