from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/echo")
def echo():
    return jsonify(message=request.args.get("message", ""))
