import ssl
import urllib.request

def download(url):
    context = ssl.create_default_context()
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return urllib.request.urlopen(url, context=context).read()
