import requests

def fetch_invoice(url, token):
    return requests.get(url, headers={"Authorization": token}, verify="/etc/ssl/internal-ca.pem").json()
