from flask import Flask, render_template, request, session

app = Flask(__name__)
app.secret_key = __import__("os").environ["SECRET_KEY"]


@app.route("/search")
def search():
    # Reads only: nothing a forged request could change.
    session["last_query"] = request.args.get("q", "")
    return render_template("results.html", q=session["last_query"])
