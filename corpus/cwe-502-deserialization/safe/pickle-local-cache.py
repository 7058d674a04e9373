import pickle
from flask import Flask, request

app = Flask(__name__)

with open("/var/cache/app/model.pkl", "rb") as handle:
    MODEL = pickle.load(handle)

@app.route("/predict")
def predict():
    return {"score": MODEL.score(float(request.args["x"]))}
