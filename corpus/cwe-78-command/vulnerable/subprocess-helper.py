import subprocess
from flask import Flask, request

app = Flask(__name__)

def run_tool(target):
    cmd = "nslookup " + target
    return subprocess.check_output(cmd, shell=True)

@app.route("/dns")
def dns():
    return run_tool(request.args["domain"])
