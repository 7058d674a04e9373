import pickle
from fastapi import FastAPI, Request

app = FastAPI()

@app.post("/jobs")
async def submit(request: Request):
    job = pickle.loads(await request.body())
    return {"queued": job.name}
