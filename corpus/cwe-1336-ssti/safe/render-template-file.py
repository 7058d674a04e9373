from flask import Flask, request, render_template

app = Flask(__name__)

@app.route("/profile")
def profile():
    return render_template("profile.html", bio=request.args.get("bio", ""))
