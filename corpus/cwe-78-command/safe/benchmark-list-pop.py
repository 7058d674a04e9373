import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/benchmark/cmdi-01/BenchmarkTest00577")
def benchmark_test_00577():
    param = request.args.get("BenchmarkTest00577", "")
    values = []
    values.append("safe")
    values.append(param)
    values.append("moresafe")
    values.pop(0)  # the first safe value goes
    bar = values[1]  # "moresafe"
    subprocess.run("ls " + bar, shell=True)
    return "done"
