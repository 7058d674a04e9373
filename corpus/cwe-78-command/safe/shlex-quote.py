import shlex
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/dns")
def dns():
    domain = shlex.quote(request.args["domain"])
    return subprocess.check_output("nslookup " + domain, shell=True)
