import sqlite3


class InvoiceRepo:
    def __init__(self):
        self.conn = sqlite3.connect("billing.db")

    def for_customer(self, customer):
        cursor = self.conn.cursor()
        cursor.execute(f"SELECT * FROM invoices WHERE customer = '{customer}'")
        return cursor.fetchall()
