from flask import Flask, request

app = Flask(__name__)


@app.route("/people/lookup", methods=["POST"])
def lookup():
    import ldap3

    from .directory import connection

    uid = request.form.get("uid", "")
    base = "ou=users,ou=system"
    search = f"(&(objectclass=person)(uid={uid}))"
    conn = connection()
    conn.search(base, search, attributes=ldap3.ALL_ATTRIBUTES)
    return {"found": len(conn.entries)}
