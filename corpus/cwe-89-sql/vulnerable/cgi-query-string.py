#!/usr/bin/env python3
# A CGI script: the web server passes the query string in the environment.
import os
import sqlite3
from urllib.parse import parse_qs

params = parse_qs(os.environ.get("QUERY_STRING", ""))
title = params.get("title", [""])[0]

conn = sqlite3.connect("library.db")
cursor = conn.cursor()
cursor.execute("SELECT * FROM books WHERE title = '%s'" % title)
print("Content-Type: text/plain\n")
for row in cursor.fetchall():
    print(row)
