import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/archive", methods=["POST"])
def archive():
    name = request.form.get("name", "")
    command = f"tar czf /tmp/out.tgz {name}"
    subprocess.run(["sh", "-c", command], check=False)
    return "ok"
