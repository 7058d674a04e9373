import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/backup", methods=["POST"])
def backup():
    name = request.form["name"]
    subprocess.run(["tar", "czf", f"/backups/{name}.tgz", "/srv/data"], check=True)
    return "ok"
