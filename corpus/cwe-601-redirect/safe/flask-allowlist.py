from flask import Flask, request, redirect

app = Flask(__name__)
ALLOWED = {"/", "/dashboard", "/settings"}

@app.route("/done")
def done():
    target = request.args.get("next", "/")
    if target not in ALLOWED:
        target = "/"
    return redirect(target)
