from flask import Flask

app = Flask(__name__)
app.secret_key = "super secret key"

from . import views  # noqa: E402,F401
