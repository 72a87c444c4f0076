"""A Flask view and its pytest test, using the test client Flask ships with."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/hello/<name>")
    def hello(name: str) -> dict[str, str]:
        return {"greeting": f"Hello, {name}!"}

    return app


# --8<-- [start:compare]
def test_hello() -> None:
    client = create_app().test_client()
    response = client.get("/hello/Ada")
    assert response.status_code == 200
    assert response.get_json() == {"greeting": "Hello, Ada!"}


# --8<-- [end:compare]
