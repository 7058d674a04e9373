import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/benchmark/sqli-02/BenchmarkTest00931")
def benchmark_test_00931():
    param = request.headers.get("BenchmarkTest00931", "")
    values = {"keyA-931": "a_Value", "keyB-931": param, "keyC": "another_Value"}
    bar = values.get("keyA-931", "")
    conn = sqlite3.connect("benchmark.db")
    rows = conn.execute("SELECT * FROM users WHERE username='" + bar + "'").fetchall()
    return str(rows)
