from flask import Flask, request

app = Flask(__name__)

@app.route("/compute")
def compute():
    expr = request.args.get("expr", "1+1")
    return str(eval(expr))
