"""A Flask async view that awaits two slow calls at the same time (needs flask[async])."""

import asyncio

from flask import Flask


async def fetch_price(sku: str) -> float:
    await asyncio.sleep(0.2)  # stands in for an HTTP call to a pricing service
    return 9.99


async def fetch_stock(sku: str) -> int:
    await asyncio.sleep(0.2)  # stands in for a call to an inventory service
    return 42


def create_app() -> Flask:
    app = Flask(__name__)

    # --8<-- [start:compare]
    @app.get("/products/<sku>")
    async def product(sku: str) -> dict[str, object]:
        # Both calls run concurrently: about 0.2 s in total instead of 0.4 s.
        # The request still occupies one worker until the view returns.
        price, stock = await asyncio.gather(fetch_price(sku), fetch_stock(sku))
        return {"sku": sku, "price": price, "stock": stock}

    # --8<-- [end:compare]

    return app
