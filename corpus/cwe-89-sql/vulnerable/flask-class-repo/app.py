from flask import Flask, jsonify, request

from .repo import InvoiceRepo

app = Flask(__name__)
invoices = InvoiceRepo()


@app.route("/invoices")
def list_invoices():
    return jsonify(invoices.for_customer(request.args["customer"]))
