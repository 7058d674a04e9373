import subprocess

from flask import request


def archive():
    name = request.form.get("name", "")
    num = 86
    target = "backup" if (7 * 42) - num > 200 else name
    subprocess.run(f"tar czf /tmp/out.tgz {target}", shell=True, check=False)
    return "ok"
