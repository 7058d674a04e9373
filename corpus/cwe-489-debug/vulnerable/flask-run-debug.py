from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(ok=True)


if __name__ == "__main__":
    # The Werkzeug debugger runs any Python a visitor types into an error page.
    app.run(host="0.0.0.0", port=8000, debug=True)
