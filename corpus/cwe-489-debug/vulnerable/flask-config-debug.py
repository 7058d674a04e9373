from flask import Flask

app = Flask(__name__)
app.config["DEBUG"] = True
app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql:///shop"

from . import routes  # noqa: E402,F401
