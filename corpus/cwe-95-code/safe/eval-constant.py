from flask import Flask, request

app = Flask(__name__)
OPERATIONS = {"double": "x * 2", "square": "x ** 2"}

@app.route("/op")
def op():
    x = int(request.args.get("x", "0"))
    expr = OPERATIONS.get("double")
    return str(eval(expr, {"x": x}))
