import httpx

def fetch(url):
    with httpx.Client(verify=True, timeout=10) as client:
        return client.get(url).json()
