from fastapi import FastAPI

app = FastAPI()

@app.post("/rules/test")
def test_rule(rule: str, value: int):
    env = {"value": value}
    exec("result = " + rule, env)
    return {"result": env["result"]}
