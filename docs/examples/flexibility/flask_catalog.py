"""A Flask blueprint: a reusable group of routes that knows nothing about where it is mounted."""

from flask import Blueprint, abort, url_for

# --8<-- [start:compare]
bp = Blueprint("catalog", __name__)

PRODUCTS = {1: "Teapot", 2: "Kettle"}


@bp.get("/")
def index() -> dict[str, list[dict[str, object]]]:
    items = [
        {"id": pid, "url": url_for(".detail", product_id=pid)}  # "." = this blueprint
        for pid in PRODUCTS
    ]
    return {"products": items}


# --8<-- [end:compare]


@bp.get("/<int:product_id>")
def detail(product_id: int) -> dict[str, object]:
    if product_id not in PRODUCTS:
        abort(404)
    return {"id": product_id, "name": PRODUCTS[product_id]}
