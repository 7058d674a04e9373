import flask
from flask import Blueprint

bp = Blueprint("admin", __name__)


@bp.post("/users/<int:user_id>/delete")
def delete_user(user_id):
    if not flask.session.get("is_admin"):
        flask.abort(403)
    db.delete_user(user_id)
    return flask.redirect(flask.url_for("admin.users"))


def create_app():
    app = flask.Flask(__name__)
    app.config["SECRET_KEY"] = load_key()
    app.register_blueprint(bp)
    return app
