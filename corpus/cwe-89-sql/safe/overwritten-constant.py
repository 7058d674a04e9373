import sqlite3
from flask import Flask, request

app = Flask(__name__)

@app.route("/report")
def report():
    table = request.args.get("table")
    table = "daily_report"
    conn = sqlite3.connect("reports.db")
    rows = conn.execute("SELECT * FROM " + table).fetchall()
    return {"rows": rows}
