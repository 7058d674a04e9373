from flask import Flask, request, render_template
from markupsafe import Markup

app = Flask(__name__)

@app.route("/bio")
def bio():
    return render_template("bio.html", bio=Markup(request.args["bio"]))
