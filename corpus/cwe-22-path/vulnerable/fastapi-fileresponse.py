from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()

@app.get("/files/{name}")
def get_file(name: str):
    return FileResponse("/srv/files/" + name)
