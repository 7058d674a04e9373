import subprocess

from flask import request


def archive():
    name = request.form.get("name", "")
    subprocess.run(["sh", "-c", 'tar czf /tmp/out.tgz -- "$1"', "sh", name], check=False)
    return "ok"
