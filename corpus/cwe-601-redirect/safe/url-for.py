from flask import Flask, request, redirect, url_for

app = Flask(__name__)

@app.route("/logout")
def logout():
    page = request.args.get("page", "1")
    return redirect(url_for("index", page=int(page)))
