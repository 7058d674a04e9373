import ldap
from flask import Flask, request, abort

app = Flask(__name__)
GROUPS = {"admins", "staff", "guests"}

@app.route("/members")
def members():
    group = request.args.get("group", "")
    if group not in GROUPS:
        abort(400)
    conn = ldap.initialize("ldap://directory.internal")
    return {"n": len(conn.search_s("dc=corp", ldap.SCOPE_SUBTREE, "(memberOf=cn=" + group + ")"))}
