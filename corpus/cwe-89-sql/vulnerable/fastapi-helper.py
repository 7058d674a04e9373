from fastapi import FastAPI
from .database import connection

app = FastAPI()

def where_clause(field, value):
    return "WHERE " + field + " = '" + value + "'"

@app.get("/accounts")
def accounts(owner: str):
    cursor = connection.cursor()
    cursor.execute("SELECT * FROM accounts " + where_clause("owner", owner))
    return cursor.fetchall()
