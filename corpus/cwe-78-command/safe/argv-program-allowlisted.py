import subprocess

from flask import request

TOOLS = {"convert", "magick"}


def convert():
    tool = request.args.get("tool", "convert")
    if tool not in TOOLS:
        return "no", 400
    subprocess.run([tool, "in.png", "out.jpg"], check=True)
    return "done"
