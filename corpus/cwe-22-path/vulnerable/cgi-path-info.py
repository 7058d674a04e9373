#!/usr/bin/env python3
# CGI: /cgi-bin/docs.py/<page> — the web server puts <page> in PATH_INFO.
import os

DOCS = "/srv/docs"
page = os.environ.get("PATH_INFO", "/index.html").lstrip("/")
with open(os.path.join(DOCS, page)) as f:
    print("Content-Type: text/html\n")
    print(f.read())
