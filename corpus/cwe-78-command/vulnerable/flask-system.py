import os
from flask import Flask, request

app = Flask(__name__)

@app.route("/backup", methods=["POST"])
def backup():
    name = request.form["name"]
    os.system("tar czf /backups/%s.tgz /srv/data" % name)
    return "ok"
