from fastapi import FastAPI
from jinja2 import Template

app = FastAPI()

@app.post("/preview")
def preview(body: str):
    return {"html": Template(body).render(site="example")}
