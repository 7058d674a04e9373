import requests
from flask import Flask, request

app = Flask(__name__)

@app.route("/weather")
def weather():
    city = request.args.get("city", "Paris")
    reply = requests.get("https://api.weather.example.com/v1/current", params={"city": city}, timeout=5)
    return reply.json()
