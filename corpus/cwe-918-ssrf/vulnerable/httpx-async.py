import httpx
from fastapi import FastAPI

app = FastAPI()

@app.get("/proxy")
async def proxy(target: str):
    async with httpx.AsyncClient() as client:
        reply = await client.get(target)
    return {"status": reply.status_code}
