from flask import Flask, request
from ldap3 import Server, Connection

app = Flask(__name__)

@app.route("/group")
def group():
    name = request.args.get("name")
    conn = Connection(Server("ldap://directory.internal"), auto_bind=True)
    conn.search("dc=example,dc=com", f"(&(objectClass=group)(cn={name}))")
    return {"entries": len(conn.entries)}
