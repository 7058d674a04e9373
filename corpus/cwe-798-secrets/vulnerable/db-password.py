import psycopg2

DB_PASSWORD = "pR0d-7hX#q2v!Lm9sKe"

def connect():
    return psycopg2.connect(host="db.internal", user="app", password=DB_PASSWORD)
