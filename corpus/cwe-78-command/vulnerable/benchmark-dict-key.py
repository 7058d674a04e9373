import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/benchmark/cmdi-00/BenchmarkTest00412", methods=["POST"])
def benchmark_test_00412():
    param = request.form.get("BenchmarkTest00412", "")
    map412 = {}
    map412["keyA-412"] = "a-Value"
    map412["keyB-412"] = param
    map412["keyC"] = "another-Value"
    bar = map412["keyB-412"]
    os.system("echo " + bar)
    return "done"
