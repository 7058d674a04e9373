from flask import Flask, request

app = Flask(__name__)


@app.route("/people/lookup", methods=["POST"])
def lookup():
    import ldap3
    from ldap3.utils.conv import escape_filter_chars

    from .directory import connection

    uid = escape_filter_chars(request.form.get("uid", ""))
    search = f"(&(objectclass=person)(uid={uid}))"
    conn = connection()
    conn.search("ou=users,ou=system", search, attributes=ldap3.ALL_ATTRIBUTES)
    return {"found": len(conn.entries)}
