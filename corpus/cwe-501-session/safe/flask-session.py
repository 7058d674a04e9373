from flask import Flask, request, session

app = Flask(__name__)

@app.route("/cart", methods=["POST"])
def cart():
    quantity = int(request.form["quantity"])
    session["cart_size"] = quantity
    session["theme"] = "dark" if request.args.get("dark") == "1" else "light"
    return "ok"
