from fastapi import FastAPI

app = FastAPI(title="orders", debug=True)


@app.get("/orders/{order_id}")
def order(order_id: int):
    return {"id": order_id}
